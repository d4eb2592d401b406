/**
 * Loaded before tsx in every grader child (see sandbox.ts). The child may read tsx's cache of
 * compiled files but not write it (a submission must not plant compiled code for a later one).
 * tsx creates its cache folder before each write (`mkdirSync(dir, { recursive: true })`), which
 * the permission model refuses even when the folder exists; creating a folder that exists is a
 * no-op, so it is one here too. tsx's writes themselves fail quietly.
 */
"use strict";
const fs = require("node:fs");
const mkdirSync = fs.mkdirSync;
fs.mkdirSync = function (path, options) {
  try {
    return mkdirSync.call(fs, path, options);
  } catch (error) {
    if (error && error.code === "ERR_ACCESS_DENIED" && options && options.recursive && fs.existsSync(path)) return undefined;
    throw error;
  }
};
