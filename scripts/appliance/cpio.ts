/**
 * A writer for the "newc" cpio format the Linux kernel unpacks as an initramfs
 * (see the kernel's Documentation/driver-api/early-userspace/buffer-format.rst).
 * Written here rather than calling cpio(1) so the appliance builds without a shell and
 * without the cpio package, and so the output is byte-for-byte reproducible
 * (fixed inode numbers, owner root, mtime 0).
 */

/** One archive member. Directories and device nodes have no data. */
export type CpioEntry =
  | { type: "dir"; path: string; mode?: number }
  | { type: "file"; path: string; mode?: number; data: Uint8Array }
  | { type: "chardev"; path: string; mode?: number; major: number; minor: number };

const S_IFDIR = 0o040000;
const S_IFREG = 0o100000;
const S_IFCHR = 0o020000;

/** Serialises entries, in the given order, followed by the TRAILER!!! record. */
export function writeCpio(entries: readonly CpioEntry[]): Uint8Array {
  const parts: Uint8Array[] = [];
  let offset = 0;
  const push = (bytes: Uint8Array) => {
    parts.push(bytes);
    offset += bytes.length;
  };
  const pad = () => {
    const rest = (4 - (offset % 4)) % 4;
    if (rest) push(new Uint8Array(rest));
  };

  const all: CpioEntry[] = [...entries, { type: "file", path: "TRAILER!!!", mode: 0, data: new Uint8Array() }];
  all.forEach((entry, index) => {
    const name = entry.path.replace(/^\/+/, "");
    const isTrailer = name === "TRAILER!!!";
    const data = entry.type === "file" ? entry.data : new Uint8Array();
    const mode =
      entry.type === "dir"
        ? S_IFDIR | (entry.mode ?? 0o755)
        : entry.type === "chardev"
          ? S_IFCHR | (entry.mode ?? 0o600)
          : isTrailer
            ? 0
            : S_IFREG | (entry.mode ?? 0o644);
    const fields = [
      isTrailer ? 0 : index + 1, // ino
      mode,
      0,
      0, // uid, gid
      entry.type === "dir" ? 2 : 1, // nlink
      0, // mtime: fixed for reproducible archives
      data.length,
      0,
      0, // devmajor, devminor of the containing fs
      entry.type === "chardev" ? entry.major : 0,
      entry.type === "chardev" ? entry.minor : 0,
      Buffer.byteLength(name) + 1, // namesize includes the NUL
      0, // check (unused by newc)
    ];
    const header = "070701" + fields.map((n) => n.toString(16).toUpperCase().padStart(8, "0")).join("");
    push(Buffer.from(header + name + "\0", "latin1"));
    pad();
    if (data.length) push(data);
    pad();
  });
  return Buffer.concat(parts);
}
