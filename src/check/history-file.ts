/**
 * Read a history file in any format the course knows, telling them apart by content:
 *   the course's JSON ({"format": "linearizability-history/1", ...}, see history.ts),
 *   Jepsen EDN maps, or Jepsen log lines (see jepsen-import.ts).
 * A malformed file throws HistoryFormatError, whose message names the line.
 */
import { historyFromJson, type History } from "./history";
import { HistoryFormatError, importJepsenHistory } from "./jepsen-import";
import { suggestModel, type SuggestedModel } from "./models";

export interface LoadedHistory {
  history: History;
  format: "json" | "edn" | "log";
  /** The model the operations suggest (see suggestModel). */
  suggestedModel: SuggestedModel;
  notes: string[];
}

export function loadHistoryText(text: string): LoadedHistory {
  if (/^\s*\{\s*"format"/.test(text)) {
    try {
      const history = historyFromJson(text);
      return { history, format: "json", suggestedModel: suggestModel(history.operations), notes: [] };
    } catch (error) {
      throw new HistoryFormatError((error as Error).message, lineOfJsonError(text, error as Error));
    }
  }
  const imported = importJepsenHistory(text);
  return { history: imported.history, format: imported.format, suggestedModel: imported.suggestedModel, notes: imported.notes };
}

/** The line a JSON problem is on: JSON.parse names a character position, our checks an operation. */
function lineOfJsonError(text: string, error: Error): number {
  const position = /position (\d+)/.exec(error.message);
  if (position) return text.slice(0, Number(position[1])).split("\n").length;
  const operation = /^operation (\d+)/.exec(error.message);
  // historyToJson writes one operation per line, after the opening line.
  return operation ? Number(operation[1]) + 2 : 1;
}
