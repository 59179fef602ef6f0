// Errors the page must show: one shared list drawn in an ARIA alert region by App.svelte, so a
// failed request or a crashed run is never silent.

export interface Alert {
  id: number;
  message: string;
}

class Alerts {
  list = $state<Alert[]>([]);
  #next = 1;

  /** Shows an error (an Error's message or a string); the same text twice shows once. */
  error(e: unknown): void {
    const message = e instanceof Error ? e.message : String(e);
    if (this.list.some((a) => a.message === message)) return;
    this.list.push({ id: this.#next++, message });
  }

  dismiss(id: number): void {
    this.list = this.list.filter((a) => a.id !== id);
  }

  clear(): void {
    this.list = [];
  }
}

export const alerts = new Alerts();
