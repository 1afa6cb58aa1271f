import type { Page } from 'playwright-core';

import { saveScreenshot } from '@coffer/testing';

/** A toast (PatternFly AlertGroup) whose text matches: how the console reports results. */
export function toast(page: Page, text: string | RegExp) {
  return page.locator('.pf-v6-c-alert-group__item').filter({ hasText: text }).first();
}

/**
 * True when nothing on the page is wider than the viewport: neither the document nor the
 * console's own scrolling main area scrolls sideways, and no table reaches past the right edge.
 */
export async function fitsViewport(
  page: Page,
): Promise<{ fits: boolean; scrollWidth: number; widestTable: number }> {
  return page.evaluate(() => {
    const main = document.querySelector('main');
    const widestTable = Math.max(
      0,
      ...Array.from(document.querySelectorAll('table')).map(
        (table) => table.getBoundingClientRect().right,
      ),
    );
    const scrollWidth = Math.max(document.documentElement.scrollWidth, main?.scrollWidth ?? 0);
    return {
      fits:
        document.documentElement.scrollWidth <= window.innerWidth &&
        (!main || main.scrollWidth <= main.clientWidth) &&
        widestTable <= window.innerWidth,
      scrollWidth,
      widestTable,
    };
  });
}

/**
 * Presses Tab (or Shift+Tab) until the focused element is the one `name` names (its accessible label or
 * text), at most `limit` times: keyboard-only navigation, asserted step by step.
 */
export async function tabTo(
  page: Page,
  name: string | RegExp,
  limit = 60,
  key: 'Tab' | 'Shift+Tab' = 'Tab',
): Promise<void> {
  for (let presses = 0; presses < limit; presses++) {
    await page.keyboard.press(key);
    const focused = await page.evaluate(() => {
      const element = document.activeElement as HTMLElement | null;
      if (!element) return '';
      const labelledBy = element.getAttribute('aria-labelledby');
      const byId = labelledBy
        ?.split(' ')
        .map((id) => document.getElementById(id)?.textContent ?? '')
        .join(' ');
      const label =
        element.getAttribute('aria-label') ??
        byId ??
        (element.id
          ? document.querySelector(`label[for="${CSS.escape(element.id)}"]`)?.textContent
          : undefined);
      return (label ?? element.textContent ?? '').trim();
    });
    if (typeof name === 'string' ? focused === name : name.test(focused)) return;
  }
  throw new Error(`Tab never reached ${String(name)}`);
}

/**
 * A screenshot of the whole page. The console scrolls inside its main area, not the document,
 * so a "full page" shot would stop at the viewport: the viewport grows to the content first.
 */
export async function saveWholePage(page: Page, name: string): Promise<void> {
  const viewport = page.viewportSize();
  const contentHeight = await page.evaluate(() => {
    const main = document.querySelector('main');
    const hidden = main ? main.scrollHeight - main.clientHeight : 0;
    return document.documentElement.scrollHeight + Math.max(0, hidden);
  });
  if (viewport && contentHeight > viewport.height)
    await page.setViewportSize({ width: viewport.width, height: contentHeight });
  try {
    await saveScreenshot(page, name);
  } finally {
    if (viewport) await page.setViewportSize(viewport);
  }
}
