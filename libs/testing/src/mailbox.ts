import { expectEventually } from './expect-eventually';

export interface CaughtMail {
  id: string;
  from: string;
  to: string[];
  subject: string;
  text: string;
  html: string;
  headers: Record<string, string>;
}

/** Reads what the local SMTP catcher received, through its HTTP API. */
export class Mailbox {
  constructor(private readonly mailApi: string) {}

  async messagesTo(address: string): Promise<CaughtMail[]> {
    const list = (await (await fetch(`${this.mailApi}/messages`)).json()) as {
      id: string;
      to: string[];
    }[];
    const mine = list.filter((message) => message.to.includes(address.toLowerCase()));
    return Promise.all(
      mine.map(
        async (message) =>
          (await (await fetch(`${this.mailApi}/messages/${message.id}`)).json()) as CaughtMail,
      ),
    );
  }

  /** The newest message to `address`, waiting (bounded) for it to arrive. */
  async waitForMessageTo(address: string, timeoutMs = 20_000): Promise<CaughtMail> {
    return expectEventually(
      async () => {
        const messages = await this.messagesTo(address);
        if (messages.length === 0) throw new Error(`no mail to ${address} yet`);
        return messages[messages.length - 1];
      },
      { timeoutMs },
    );
  }
}
