// A Svelte action for containers of typeset math: a display formula wider than its column scrolls
// sideways, and a region that scrolls must be reachable by keyboard (WCAG 2.1.1), so each one that
// overflows gets tabindex 0 and a name; the ones that fit stay out of the tab order.

const SELECTOR = '.katex-display';

function mark(root: HTMLElement): void {
  for (const el of Array.from(root.querySelectorAll<HTMLElement>(SELECTOR))) {
    if (el.scrollWidth > el.clientWidth + 1) {
      el.tabIndex = 0;
      el.setAttribute('role', 'group');
      el.setAttribute('aria-label', 'Formula (scrolls sideways)');
    } else if (el.hasAttribute('tabindex')) {
      el.removeAttribute('tabindex');
      el.removeAttribute('role');
      el.removeAttribute('aria-label');
    }
  }
}

/** use:scrollFocus — re-checks when the container resizes or its content changes. */
export function scrollFocus(root: HTMLElement): { destroy(): void } {
  let pending = 0;
  const schedule = () => {
    cancelAnimationFrame(pending);
    pending = requestAnimationFrame(() => mark(root));
  };
  const resize = new ResizeObserver(schedule);
  resize.observe(root);
  const mutations = new MutationObserver(schedule);
  mutations.observe(root, { childList: true, subtree: true });
  schedule();
  return {
    destroy() {
      cancelAnimationFrame(pending);
      resize.disconnect();
      mutations.disconnect();
    },
  };
}
