import { ref } from 'vue';

/** A short message shown under the header (polite live region), cleared after a few seconds. */
export const notice = ref<string | null>(null);
let timer: ReturnType<typeof setTimeout> | null = null;

export function showNotice(message: string, ms = 5000): void {
  notice.value = message;
  if (timer) clearTimeout(timer);
  timer = setTimeout(() => {
    notice.value = null;
  }, ms);
}
