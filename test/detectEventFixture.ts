/** A DetectEvent for tests: alice creating a deployment in dev, with whatever fields a test gives instead. */
import type {DetectEvent} from "../src/lib/detect/detectEvent.js";

export const detectEvent = (fields: Partial<DetectEvent>): DetectEvent => ({
  auditID: "id",
  verb: "create",
  resource: "deployments",
  subresource: null,
  namespace: "dev",
  name: null,
  user: "alice",
  userAgent: null,
  sourceIP: null,
  code: 200,
  action: "create_deployments",
  kept: true,
  ...fields
});
