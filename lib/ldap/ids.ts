// Ids for the rows a sync creates. crypto.randomUUID() builds its string by concatenation, which V8
// keeps as a tree of ~20 pieces (~470 bytes); a first load holds a million of them until the write
// (470 MB). Copied through a buffer, each is one flat string of 56 bytes.
import "server-only";
import { randomUUID } from "node:crypto";

const scratch = Buffer.allocUnsafe(36);

/** A random (version 4) uuid as a flat string. */
export function newRowId(): string {
  scratch.write(randomUUID(), "latin1");
  return scratch.toString("latin1", 0, 36);
}
