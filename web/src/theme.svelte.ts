// Light or dark: follows the system setting until the learner picks one, and remembers the pick.
// The resolved theme is the <html data-theme> attribute the stylesheet keys on; index.html sets it
// before the first paint (same rule), so a dark page never flashes white.

export type ThemeChoice = 'system' | 'light' | 'dark';
const KEY = 'gradschool-theme';

const media = typeof matchMedia === 'function' ? matchMedia('(prefers-color-scheme: dark)') : null;

function stored(): ThemeChoice {
  try {
    const v = localStorage.getItem(KEY);
    return v === 'light' || v === 'dark' ? v : 'system';
  } catch {
    return 'system'; // storage blocked (private mode): follow the system
  }
}

class Theme {
  choice = $state<ThemeChoice>(stored());
  #systemDark = $state(media?.matches ?? false);
  resolved = $derived<'light' | 'dark'>(this.choice === 'system' ? (this.#systemDark ? 'dark' : 'light') : this.choice);

  constructor() {
    media?.addEventListener('change', (e) => (this.#systemDark = e.matches));
  }

  set(choice: ThemeChoice): void {
    this.choice = choice;
    try {
      if (choice === 'system') localStorage.removeItem(KEY);
      else localStorage.setItem(KEY, choice);
    } catch {
      /* not remembered, still applied */
    }
  }

  /** The next choice in the toggle's cycle: system → light → dark → system. */
  next(): ThemeChoice {
    return this.choice === 'system' ? 'light' : this.choice === 'light' ? 'dark' : 'system';
  }
}

export const theme = new Theme();

/** A CSS custom property's current value (charts draw on canvas, outside the stylesheet's reach). */
export const cssVar = (name: string): string => getComputedStyle(document.documentElement).getPropertyValue(name).trim();
