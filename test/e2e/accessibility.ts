import type { Page } from 'playwright-core';

/** What assistive technology and the keyboard meet in the playground, read from Chromium itself. */

const interactiveRoles = new Set([
  'button',
  'link',
  'textbox',
  'searchbox',
  'combobox',
  'listbox',
  'option',
  'checkbox',
  'radio',
  'radiogroup',
  'spinbutton',
  'slider',
  'switch',
  'menuitem',
  'tab',
]);

export interface UnnamedControl {
  role: string;
  html: string;
}

/**
 * Controls in Chromium's accessibility tree (the one screen readers read) that have no accessible
 * name: a button, input, select, textarea or link a screen reader would announce as just its role.
 */
export async function unnamedControls(page: Page): Promise<UnnamedControl[]> {
  const cdp = await page.context().newCDPSession(page);
  try {
    const { nodes } = (await cdp.send('Accessibility.getFullAXTree')) as {
      nodes: Array<{
        ignored: boolean;
        role?: { value?: string };
        name?: { value?: string };
        backendDOMNodeId?: number;
      }>;
    };
    const unnamed: UnnamedControl[] = [];
    for (const node of nodes) {
      const role = String(node.role?.value ?? '');
      if (node.ignored || !interactiveRoles.has(role)) continue;
      if (String(node.name?.value ?? '').trim() !== '') continue;
      let html = '';
      if (node.backendDOMNodeId !== undefined) {
        const { outerHTML } = (await cdp.send('DOM.getOuterHTML', {
          backendNodeId: node.backendDOMNodeId,
        })) as { outerHTML: string };
        html = outerHTML.slice(0, 160);
      }
      unnamed.push({ role, html });
    }
    return unnamed;
  } finally {
    await cdp.detach();
  }
}

/** Images a screen reader cannot describe: no alt text, and not hidden from assistive technology. */
export function imagesWithoutAlt(page: Page): Promise<string[]> {
  return page.evaluate(() =>
    Array.from(document.querySelectorAll('img'))
      .filter((img) => !img.closest('[aria-hidden="true"]') && (img.getAttribute('alt') ?? '').trim() === '')
      .map((img) => img.outerHTML.slice(0, 160)),
  );
}

/** The focused element, as a test names it: its test id, else its id, else its tag, plus where it is. */
export function focused(page: Page): Promise<{
  testId: string;
  id: string;
  tag: string;
  label: string;
  inModal: boolean;
  inSidebar: boolean;
}> {
  return page.evaluate(() => {
    const el = document.activeElement as HTMLElement | null;
    // Roughly the accessible name: aria-label, the <label>, else the text (without aria-hidden icons).
    const textOf = (e: Element) => {
      const clone = e.cloneNode(true) as Element;
      clone.querySelectorAll('[aria-hidden="true"]').forEach((hidden) => {
        hidden.remove();
      });
      return clone.textContent ?? '';
    };
    const labelOf = (e: HTMLElement) => {
      const label = e.id ? document.querySelector(`label[for="${CSS.escape(e.id)}"]`) : null;
      return e.getAttribute('aria-label') ?? (label ? textOf(label) : textOf(e));
    };
    return {
      testId: el?.dataset.testid ?? '',
      id: el?.id ?? '',
      tag: el?.tagName.toLowerCase() ?? '',
      label: el ? labelOf(el).replace(/\s+/g, ' ').trim() : '',
      inModal: Boolean(el?.closest('[data-testid="modal"]')),
      inSidebar: Boolean(el?.closest('nav.sidebar')),
    };
  });
}

/** Presses `key` until the focused element matches (at most `max` presses); false when it never did. */
export async function pressUntil(
  page: Page,
  key: string,
  matches: (f: Awaited<ReturnType<typeof focused>>) => boolean,
  max = 30,
): Promise<boolean> {
  for (let i = 0; i < max; i += 1) {
    await page.keyboard.press(key);
    if (matches(await focused(page))) return true;
  }
  return false;
}
