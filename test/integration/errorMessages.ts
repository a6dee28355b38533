import { testHooks } from './hooks';

/**
 * Runs `action` and returns the error messages the extension showed meanwhile (still shown).
 * It patches the extension's own window namespace (from its test hooks): patching this test's
 * `vscode.window` would not see the extension's calls.
 */
export async function errorsShownBy<T>(action: () => Thenable<T> | Promise<T>): Promise<{ result: T; shown: string[] }> {
  const { window } = await testHooks();
  const original = window.showErrorMessage;
  const shown: string[] = [];
  (window as { showErrorMessage: typeof original }).showErrorMessage = ((message: string, ...rest: never[]) => {
    shown.push(message);
    return original(message, ...rest);
  }) as typeof original;
  try {
    return { result: await action(), shown };
  } finally {
    (window as { showErrorMessage: typeof original }).showErrorMessage = original;
  }
}
