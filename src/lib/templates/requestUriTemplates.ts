/**
 * Templates of audit events' request URIs, an action key finer than `verb_resource`: `create
 * /api/v1/namespaces/<*>/pods/<*>/exec`. The path (query left out) is split at `/` and learned by Drain, after masks
 * for what the Kubernetes API puts at known places (namespace, object name) and for UUIDs and numbers; Drain then
 * joins what the masks miss (long paths that differ in one segment).
 */
import {Drain, type DrainVocabulary} from "./drain.js";
import {commonMasks} from "./presets.js";

/** Masks over `verb seg1 seg2 ...`: the namespace, a namespaced object's name, a cluster-scoped object's name. */
export const requestUriMasks: readonly string[] = [
  String.raw`(?<=\snamespaces\s)\S+`,
  String.raw`(?<=\snamespaces\s\S+\s\S+\s)\S+`,
  String.raw`(?<=^\S+\sapi\sv1\s(?!namespaces\s)\S+\s)\S+`,
  String.raw`(?<=^\S+\sapis\s\S+\s\S+\s(?!namespaces\s)\S+\s)\S+`,
  ...commonMasks
];

/** The Drain settings: 0.9 keeps `pods` and `configmaps` apart while joining long paths that differ once. */
const OPTIONS = {masks: requestUriMasks, similarity: 0.9, depth: 4, wildcardsEqual: true} as const;

/** `verb seg1 seg2 ...` of a request, the query left out. */
function content(verb: string, requestUri: string): string {
  const path = requestUri.split(/[?#]/, 1)[0];
  return [verb, ...path.split("/").filter((s) => s !== "")].join(" ");
}

/** Back from `verb seg1 seg2 ...` to `verb /seg1/seg2`. */
function asKey(tokens: readonly string[]): string {
  return `${tokens[0]} /${tokens.slice(1).join("/")}`;
}

/**
 * Request-URI templates, learned streaming and saved as a Drain vocabulary.
 * @example const t = new RequestUriTemplates(); t.learn("create", "/api/v1/namespaces/dev/pods/web-1/exec?command=sh"); t.key("create", "/api/v1/namespaces/prod/pods/db-0/exec") // "create /api/v1/namespaces/<*>/pods/<*>/exec"
 */
export class RequestUriTemplates {
  readonly drain: Drain;

  constructor(drain: Drain = new Drain(OPTIONS)) {
    this.drain = drain;
  }

  /** Learns a request; its template id. */
  learn(verb: string, requestUri: string): number {
    return this.drain.learnContent(content(verb, requestUri));
  }

  /**
   * The action key of a request: its template, or for a request no template fits its own masked path (not
   * learned, so keys already given stay valid).
   */
  key(verb: string, requestUri: string): string {
    const text = content(verb, requestUri);
    const id = this.drain.match(text);
    return asKey(id === null ? this.drain.tokenize(text) : this.drain.template(id).split(" "));
  }

  /** The templates as action keys, by id. */
  keys(): string[] {
    return this.drain.templates().map((t) => asKey(t.template.split(" ")));
  }

  toJSON(): DrainVocabulary {
    return this.drain.toJSON();
  }

  static fromJSON(vocabulary: DrainVocabulary): RequestUriTemplates {
    return new RequestUriTemplates(Drain.fromJSON(vocabulary));
  }
}
