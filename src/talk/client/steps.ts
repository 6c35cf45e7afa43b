/**
 * Incremental reveal on a slide (see src/talk/parse.ts): elements with data-step="k" appear at
 * step k; code lines with data-dim="…" are dimmed at the steps listed. Without this script (read
 * view, no JS, print) everything shows, which is the final state.
 */
export const stepsOf = (slide: HTMLElement | undefined): number => Number(slide?.dataset.steps ?? 0);

export function showStep(slide: HTMLElement, step: number): void {
  for (const el of slide.querySelectorAll<HTMLElement>("[data-step]"))
    el.classList.toggle("step-future", Number(el.dataset.step) > step);
  for (const line of slide.querySelectorAll<HTMLElement>("[data-dim]"))
    line.classList.toggle("dim", line.dataset.dim!.split(" ").includes(String(step)));
}
