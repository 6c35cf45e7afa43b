/**
 * `npm run appliance`: build (or find in the cache) the boot-talk appliance and say where it is.
 * Usage: npm run appliance -- [--kernel PATH] [--compression none|gzip|zstd]
 */
import { parseArgs } from "node:util";
import { buildAppliance, type Compression } from "./appliance/appliance.ts";
import { runMain, UserError } from "../core/errors.ts";

await runMain(async () => {
  const { values } = parseArgs({
    options: {
      kernel: { type: "string" },
      compression: { type: "string" },
      help: { type: "boolean", short: "h" },
    },
  });
  if (values.help) {
    process.stdout.write("usage: npm run appliance -- [--kernel PATH] [--compression none|gzip|zstd]\n");
    return 0;
  }
  const appliance = await buildAppliance({
    kernel: values.kernel,
    compression: values.compression as Compression | undefined,
  });
  const kib = (n: number) => `${(n / 1024).toFixed(0)} KiB`;
  process.stdout.write(
    `appliance ${appliance.hash} (${appliance.built ? "built" : "cached"})\n` +
      `  kernel  ${appliance.kernel.path} (${kib(appliance.kernel.bytes)}, sha256 ${appliance.kernel.sha256.slice(0, 12)}…)\n` +
      `  initrd  ${appliance.initrd.path} (${kib(appliance.initrd.bytes)}, ${appliance.initrd.compression})\n` +
      `  busybox ${appliance.busybox.path}\n`,
  );
  if (!appliance.initrd.bytes) throw new UserError("the initrd came out empty", { exitCode: 1 });
});
