import { describe, expect, it } from "vitest";
import { unified } from "unified";
import remarkParse from "remark-parse";
import remarkRehype from "remark-rehype";
import rehypeRaw from "rehype-raw";
import rehypeStringify from "rehype-stringify";
import rehypeAllcenter from "./rehype-allcenter.ts";

async function render(markdown: string, twice = false): Promise<string> {
  const processor = unified()
    .use(remarkParse)
    .use(remarkRehype, { allowDangerousHtml: true })
    .use(rehypeRaw)
    .use(rehypeAllcenter);
  if (twice) processor.use(rehypeAllcenter);
  return String(await processor.use(rehypeStringify).process(markdown));
}

describe("rehype-allcenter", () => {
  it("turns an image-only paragraph into the wrapper", async () => {
    expect(await render("![a chart](x.png)")).toBe('<div class="allcenter"><img src="x.png" alt="a chart"></div>');
  });

  it("wraps images inside text, raw HTML images and inline SVG charts", async () => {
    const html = await render(
      'Text ![i](a.png) more.\n\n<p><img src="b.png" alt="b"></p>\n\n<svg role="img"><g><svg></svg></g></svg>',
    );
    expect(html).toContain('Text <div class="allcenter"><img src="a.png" alt="i"></div> more.');
    expect(html).toContain('<div class="allcenter"><img src="b.png" alt="b"></div>');
    // The outer SVG is wrapped; the nested one is part of the chart, not a second image.
    expect(html.match(/class="allcenter"/g)).toHaveLength(3);
  });

  it("never wraps twice, and leaves decorative SVG alone", async () => {
    const html = await render(
      '<div class="allcenter"><img src="c.png" alt="c"></div>\n\n<svg aria-hidden="true"></svg>',
      true,
    );
    expect(html.match(/class="allcenter"/g)).toHaveLength(1);
    expect(html).toContain('<svg aria-hidden="true"></svg>');
  });
});
