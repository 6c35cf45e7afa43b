/**
 * The kernel source: Debian's own source package, linux-source-6.1, the same version as the
 * stock cloud kernel, so "custom vs stock" compares configurations, not kernel versions.
 * Installed on demand through apt-get; nothing is downloaded from anywhere else.
 */
import { access, constants, stat } from "node:fs/promises";
import { execa } from "execa";
import { UserError } from "../../core/errors.ts";
import { sha256File } from "../../core/hash.ts";

export const SOURCE_PACKAGE = "linux-source-6.1";
/** Where the package puts the (Debian-patched) source tree as one tarball. */
export const SOURCE_TARBALL = "/usr/src/linux-source-6.1.tar.xz";
const INSTALL_COMMAND = `apt-get install -y --no-install-recommends ${SOURCE_PACKAGE}`;

export interface KernelSource {
  package: string;
  /** Debian version of the installed package, e.g. 6.1.192-3. */
  version: string;
  tarball: string;
}

/** The installed package's version, or null when it is not installed (or dpkg is absent). */
export async function installedVersion(pkg = SOURCE_PACKAGE): Promise<string | null> {
  const result = await execa("dpkg-query", ["--show", "--showformat=${Status}\\n${Version}", pkg], { reject: false });
  if (result.failed) return null;
  const [status, version] = result.stdout.split("\n");
  return status?.endsWith(" installed") && version ? version : null;
}

/** The source package if it is installed and its tarball readable; never installs. */
export async function findKernelSource(): Promise<KernelSource | null> {
  const version = await installedVersion();
  if (!version) return null;
  const readable = await access(SOURCE_TARBALL, constants.R_OK).then(
    () => true,
    () => false,
  );
  return readable ? { package: SOURCE_PACKAGE, version, tarball: SOURCE_TARBALL } : null;
}

/** The source package, installing it with apt-get when it is missing and we are root. */
export async function ensureKernelSource(progress: (line: string) => void): Promise<KernelSource> {
  const found = await findKernelSource();
  if (found) return found;
  const hasApt = await execa("apt-get", ["--version"], { reject: false }).then((r) => !r.failed);
  if (!hasApt) {
    throw new UserError(
      `${SOURCE_PACKAGE} is not installed and this host has no apt-get. boot-talk builds its kernel from ` +
        `Debian's kernel source package (the same version as the stock cloud kernel); run \`npm run kernel\` on Debian 12.`,
    );
  }
  if (process.getuid?.() !== 0) {
    throw new UserError(
      `${SOURCE_PACKAGE} (Debian's kernel source, ${SOURCE_TARBALL}) is not installed, and installing it needs root. ` +
        `Run \`sudo ${INSTALL_COMMAND}\` or \`sudo bash scripts/install-system-deps.sh\`, then \`npm run kernel\` again.`,
    );
  }
  progress(`installing ${SOURCE_PACKAGE} (apt-get) ...`);
  // Wait for another apt/dpkg run (unattended-upgrades, a colleague) instead of failing at once.
  const result = await execa(
    "apt-get",
    ["-o", "DPkg::Lock::Timeout=300", "install", "-y", "--no-install-recommends", SOURCE_PACKAGE],
    {
      reject: false,
      env: { DEBIAN_FRONTEND: "noninteractive" },
      all: true,
    },
  );
  if (result.failed) {
    const tail = (result.all ?? "").split("\n").slice(-8).join("\n  ");
    throw new UserError(
      `\`${INSTALL_COMMAND}\` failed (exit ${result.exitCode ?? "?"}):\n  ${tail}\n` +
        `  fix: run \`apt-get update\` and retry, or install it by hand and run \`npm run kernel\` again.`,
    );
  }
  const installed = await findKernelSource();
  if (!installed)
    throw new UserError(
      `${SOURCE_PACKAGE} was installed but ${SOURCE_TARBALL} is missing; reinstall the package (apt-get install --reinstall ${SOURCE_PACKAGE}).`,
    );
  return installed;
}

const tarballHashes = new Map<string, string>();

/**
 * SHA-256 of the tarball (about 0.25 s for its 138 MB here), remembered per file size and
 * mtime within one process, so a suite resolving several custom kernels hashes it once.
 */
export async function tarballSha256(tarball: string): Promise<string> {
  const info = await stat(tarball);
  const memo = `${tarball}:${info.size}:${info.mtimeMs}`;
  const known = tarballHashes.get(memo);
  if (known) return known;
  const hash = await sha256File(tarball);
  tarballHashes.set(memo, hash);
  return hash;
}
