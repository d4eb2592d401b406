#!/usr/bin/env node
/**
 * Starts tslab's TypeScript kernel at the course's root directory.
 *
 * JupyterLab starts a kernel in the notebook's folder, and tslab compiles with rootDir set to
 * its working directory, so a notebook in notebooks/ could not import ../exercises/... . This
 * launcher walks up from the kernel's folder to the course root (the nearest package.json of
 * this course; a temporary copy of the repository works too) and starts tslab there, so
 * notebooks import "./exercises/week1/raft" and "./src/sim" relative to the root.
 */
"use strict";
const fs = require("node:fs");
const path = require("node:path");

const COURSE_PACKAGE = "distributed-systems-course";

function findCourseRoot(start) {
  for (let dir = path.resolve(start); ; dir = path.dirname(dir)) {
    try {
      if (JSON.parse(fs.readFileSync(path.join(dir, "package.json"), "utf8")).name === COURSE_PACKAGE) return dir;
    } catch {
      // no package.json here, or not ours: keep walking up
    }
    if (path.dirname(dir) === dir) return path.resolve(__dirname, "..", "..");
  }
}

const root = findCourseRoot(process.cwd());
process.chdir(root);
require(path.join(root, "node_modules", "tslab", "dist", "main.js")).startKernel({ configPath: process.argv[2], enableFindLocal: false });
