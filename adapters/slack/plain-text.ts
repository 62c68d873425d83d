/**
 * Slack message text → plain text for the customer's channel: links become "label (url)",
 * user/group mentions and @here are dropped, HTML entities Slack escapes are restored.
 */
export function slackToPlain(text: string): string {
  const converted = text.replace(/<([^<>]+)>/g, (_whole, inner: string) => {
    const [target = '', label] = inner.split('|', 2);
    if (target.startsWith('@') || target.startsWith('!')) return '';
    if (target.startsWith('#')) return label ? `#${label}` : '';
    if (target.startsWith('mailto:')) return label ?? target.slice('mailto:'.length);
    if (label && label !== target) return `${label} (${target})`;
    return target;
  });
  return converted
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&')
    .replace(/[ \t]{2,}/g, ' ')
    .trim();
}
