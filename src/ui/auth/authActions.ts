// What the log-in dialog and the user badge ask of the page (src/app/server/serverSession implements it).
export interface AuthActions {
  /** Resolves once signed in; rejects with the server's message (wrong password, too many attempts…). */
  login(name: string, password: string): Promise<void>;
  /** Ends the session on the server and here. */
  logout(): Promise<void>;
}
