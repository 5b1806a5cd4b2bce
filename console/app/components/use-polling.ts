/** Reloads the page's loader data every `ms` while `active` (workflow progress that changes by itself). */
import { useEffect } from 'react';
import { useRevalidator } from '@remix-run/react';

export function usePolling(active: boolean, ms = 2000): void {
  const revalidator = useRevalidator();
  useEffect(() => {
    if (!active) return;
    const timer = setInterval(() => {
      if (revalidator.state === 'idle' && document.visibilityState === 'visible') revalidator.revalidate();
    }, ms);
    return () => clearInterval(timer);
  }, [active, ms, revalidator]);
}
