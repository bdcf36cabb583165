import assert from "node:assert/strict";
import {test} from "node:test";
import {contextSuggestions} from "../src/lib/learn/contextSuggestions.js";

const actions = ["create_secrets", "create_namespaces", "update_secrets", "get_pods"];

test("contextSuggestions(text, actions) completes the last word and keeps the words before it", () => {
  assert.deepEqual(contextSuggestions("create_namespaces create_se", actions), ["create_namespaces create_secrets"]);
  assert.deepEqual(contextSuggestions("a, upd", actions), ["a, update_secrets"]);
});

test("contextSuggestions(text, actions) offers prefix matches first, then names containing the word", () => {
  assert.deepEqual(contextSuggestions("secrets", actions), ["create_secrets", "update_secrets"]);
  assert.deepEqual(contextSuggestions("x cre", actions), [
    "x create_secrets",
    "x create_namespaces",
    "x update_secrets"
  ]);
});

test("contextSuggestions(text, actions, limit) offers every action after a space, up to the limit", () => {
  assert.deepEqual(contextSuggestions("get_pods ", actions, 2), [
    "get_pods create_secrets",
    "get_pods create_namespaces"
  ]);
});
