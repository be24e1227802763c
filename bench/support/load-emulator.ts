/**
 * The Telegram emulator rests on `telegram-test-api`, a development dependency: benchmarks load it only when a
 * scenario needs it, so that an install without development dependencies runs every other benchmark.
 */

/** Imports the Telegram emulator, or explains how to get it when the development dependencies are not installed. */
export async function loadTelegramEmulator(): Promise<typeof import('./telegram-emulator.ts')> {
  try {
    return await import('./telegram-emulator.ts');
  } catch (error) {
    if (
      (error as NodeJS.ErrnoException).code === 'ERR_MODULE_NOT_FOUND' &&
      String(error).includes('telegram-test-api')
    ) {
      throw new Error(
        'the Telegram loopback needs the development dependencies (telegram-test-api): run `npm ci` without --omit=dev',
      );
    }
    throw error;
  }
}
