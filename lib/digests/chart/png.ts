import path from "node:path";
import { renderAsync } from "@resvg/resvg-js";

// SVG to PNG with resvg (a maintained Rust renderer; prebuilt binaries per platform, no install
// script). Text is drawn only with the Geist font files shipped in the `geist` npm package (SIL
// Open Font License 1.1, node_modules/geist/LICENSE.txt), never the machine's fonts, so a chart
// renders to the same bytes on every machine.

/** Rendered at twice its CSS size so it stays sharp on high-density screens. */
export const CHART_SCALE = 2;

// Read from the installed package at run time: the server bundle cannot carry font files, and
// every process (the app, jobs, tests, benchmarks) runs from the project root.
const FONT_DIR = path.join(process.cwd(), "node_modules", "geist", "dist", "fonts", "geist-sans");
const FONT_FILES = ["Geist-Regular.ttf", "Geist-SemiBold.ttf"].map((file) => path.join(FONT_DIR, file));

/** Drawn on the thread pool: a digest run or a benchmark keeps serving its other work meanwhile. */
export async function svgToPng(svg: string): Promise<Buffer> {
  const image = await renderAsync(svg, {
    fitTo: { mode: "zoom", value: CHART_SCALE },
    font: { fontFiles: FONT_FILES, loadSystemFonts: false, defaultFontFamily: "Geist" },
  });
  return image.asPng();
}
