/**
 * How a kernel is named everywhere a person writes or reads it: "custom" for boot-talk's base
 * build (content/kernel/appliance.config), "custom:NAME" for a variant (NAME.config on top of
 * it). Records store the config name (appliance.kernel.build.config); this turns it back into the
 * name a suite, --kernel, an analysis kind and the stale check use.
 */
import type { ApplianceRecord } from "./schema.ts";

/** The base config's name (content/kernel/appliance.config). */
export const BASE_CONFIG = "appliance";
/** What a suite or --kernel says to boot the base build; "custom:NAME" boots a variant. */
export const CUSTOM_KERNEL = "custom";

/** The reference that boots a config: "custom" for the base, "custom:NAME" otherwise. */
export function kernelRefOf(config: string): string {
  return config === BASE_CONFIG ? CUSTOM_KERNEL : `${CUSTOM_KERNEL}:${config}`;
}

/** A recorded appliance's kernel: its reference for a boot-talk build, null for a distribution kernel. */
export function builtKernelRef(appliance: Pick<ApplianceRecord, "kernel">): string | null {
  const build = appliance.kernel.build;
  return build ? kernelRefOf(build.config) : null;
}
