/**
 * Where the course's Jupyter lives (.venv, created by `npm run setup`) and the environment
 * every Jupyter command gets: runtime files (connection files, server info) stay inside the
 * repository instead of the user's home.
 */
import { join } from "node:path";

export function venvBin(root: string, name: string): string {
  return process.platform === "win32" ? join(root, ".venv", "Scripts", `${name}.exe`) : join(root, ".venv", "bin", name);
}

export function jupyterEnv(root: string): NodeJS.ProcessEnv {
  return { ...process.env, JUPYTER_RUNTIME_DIR: join(root, ".jupyter-runtime"), JUPYTER_PLATFORM_DIRS: "1" };
}
