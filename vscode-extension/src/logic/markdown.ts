/** Model output as sanitised Markdown: raw HTML disabled, only safe link schemes, no images from remote hosts. */
import MarkdownIt from 'markdown-it';

const md = new MarkdownIt({ html: false, linkify: false, typographer: false, breaks: true });
const defaultValidate = md.validateLink.bind(md);
md.validateLink = (url: string): boolean => defaultValidate(url) && /^(https?:|#)/i.test(url.trim());
md.renderer.rules.image = (tokens, idx) => md.utils.escapeHtml(tokens[idx].content || '[image]');

/** Renders untrusted Markdown to HTML that contains no raw HTML from the input. */
export function renderMarkdown(text: string): string {
  return md.render(text);
}
