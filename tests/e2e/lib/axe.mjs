// Accessibility check with axe-core (npm), the engine most RGAA audits start
// from. garant's pages are tested with JavaScript off (they must work
// without it), so axe runs in a second, script-enabled page that holds the
// same HTML at the same origin (so the stylesheet and colours are the real
// ones). Returns the violations at or above `minImpact`.
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const axePath = require.resolve('axe-core/axe.min.js');
const ORDER = ['minor', 'moderate', 'serious', 'critical'];

export async function axeViolations(page, { minImpact = 'serious' } = {}) {
  const html = await page.content();
  const origin = new URL(page.url()).origin;
  const viewport = page.viewportSize();
  const probe = await page.context().browser().newPage(viewport ? { viewport } : {});
  try {
    await probe.goto(`${origin}/healthz`);
    await probe.setContent(html, { waitUntil: 'load' });
    await probe.addScriptTag({ path: axePath });
    const result = await probe.evaluate(async () =>
      // eslint-disable-next-line no-undef
      axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } }));
    const min = ORDER.indexOf(minImpact);
    return result.violations
      .filter((v) => ORDER.indexOf(v.impact) >= min)
      .map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')}`);
  } finally {
    await probe.close();
  }
}
