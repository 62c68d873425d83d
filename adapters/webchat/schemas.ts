import { z } from 'zod';

export const CreateSessionBody = z
  .object({
    token: z.string().min(1).max(4096).optional(),
    locale: z
      .enum(['zh', 'en', 'zh-CN', 'zh-TW', 'zh-HK', 'en-US', 'en-GB'])
      .transform((l) => (l.startsWith('zh') ? 'zh' : 'en') as 'zh' | 'en')
      .optional(),
  })
  .strict();

const ClientMessageId = z.string().regex(/^[A-Za-z0-9_.:-]{1,64}$/, 'must be 1–64 of A-Z a-z 0-9 _ . : -');

/** Either `text` or `action` (a pressed button's value), never both. */
export const MessageBody = z
  .object({
    clientMessageId: ClientMessageId,
    text: z.string().trim().min(1, 'must not be empty').max(2000).optional(),
    action: z.string().min(1).max(200).optional(),
  })
  .strict()
  .refine((b) => (b.text === undefined) !== (b.action === undefined), { message: 'send exactly one of text or action' })
  .transform((b): { clientMessageId: string } & ({ kind: 'text'; text: string } | { kind: 'action'; value: string }) =>
    b.text !== undefined
      ? { clientMessageId: b.clientMessageId, kind: 'text', text: b.text }
      : { clientMessageId: b.clientMessageId, kind: 'action', value: b.action ?? '' },
  );

export const SandboxTokenBody = z.object({ customerId: z.string().regex(/^C\d{4}$/, 'must look like C1001') }).strict();
