const CLICK_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * A browser's first click in one program, kept in a cookie on the share-link path for as long as the program's
 * attribution window: a later click records it, so a signup can be credited to the first touch. Expired with the
 * window, the next click starts a new first touch. It holds a random click id and nothing personal.
 */
export class FirstTouchCookie {
  private readonly name: string;

  constructor(
    programId: string,
    private readonly windowDays: number,
    private readonly publicBaseUrl: string,
  ) {
    this.name = `rl_ft_${programId.replace(/[^A-Za-z0-9_-]/g, '_')}`;
  }

  /** The first click id the browser sent, if it is one. */
  read(cookieHeader: string | undefined): string | null {
    for (const pair of (cookieHeader ?? '').split(';')) {
      const [name, value] = pair.trim().split('=');
      if (name === this.name && value && CLICK_ID.test(value)) return value;
    }
    return null;
  }

  set(clickId: string): string {
    const secure = this.publicBaseUrl.startsWith('https:') ? '; Secure' : '';
    return `${this.name}=${clickId}; Max-Age=${this.windowDays * 24 * 60 * 60}; Path=/r/; HttpOnly; SameSite=Lax${secure}`;
  }
}
