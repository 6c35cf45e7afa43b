/**
 * Output pipes that QEMU cannot overrun quickly. Node gives a child's stdio an AF_UNIX
 * socketpair, and QEMU's serial model writes the console one byte per write(): each byte is a
 * socket buffer of its own (~0.5–1 KiB of the ~208 KiB send budget), so a few hundred bytes
 * the reader has not yet taken make the socket "full"; QEMU then retries 4 times
 * (MAX_XMIT_RETRY, hw/char/serial.c) and drops the byte. A FIFO is a real pipe: 1-byte writes
 * share pages, so it holds 64 KiB of console before a write can fail. Measured here (a boot
 * with initcall_debug, the reader paused for 1 s): socketpair lost bytes in several lines, the
 * FIFO none (scripts/capture/run-captured.test.ts keeps the check).
 */
import { closeSync, constants, openSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { Socket } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { execa } from "execa";

export interface FifoPipe {
  /** The read end, as a stream (event-loop driven, like a child's stdout). */
  reader: Socket;
  /** The write end, to hand to the child as a stdio descriptor. */
  writeFd: number;
  /** Closes our copy of the write end (after the spawn), so EOF comes when the child's closes. */
  closeWriteEnd(): void;
}

/** Creates `count` FIFOs in a fresh temporary folder; `dispose` removes the folder. */
export async function createFifos(count: number): Promise<{ pipes: FifoPipe[]; dispose: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), "boot-talk-fifo-"));
  const paths = Array.from({ length: count }, (_, i) => join(dir, `out${i}`));
  await execa("mkfifo", ["-m", "600", ...paths]);
  const pipes = paths.map((path) => {
    // The read end first, non-blocking (no writer yet); then the write end cannot block.
    const readFd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
    const writeFd = openSync(path, constants.O_WRONLY);
    let open = true;
    // Closed once only: a descriptor number closed twice may by then belong to another file.
    const closeWriteEnd = () => {
      if (open) closeSync(writeFd);
      open = false;
    };
    return { reader: new Socket({ fd: readFd, readable: true, writable: false }), writeFd, closeWriteEnd };
  });
  return {
    pipes,
    dispose: async () => {
      for (const pipe of pipes) {
        pipe.closeWriteEnd();
        pipe.reader.destroy();
      }
      await rm(dir, { recursive: true, force: true });
    },
  };
}
