/** A rule's documentation (Markdown) rendered for a terminal, as `explain` shows it: headings
 * in bold, code in colour, fenced blocks indented without their fences, links as text with
 * the address after it. Line breaks stay where the page has them (the pages are wrapped for
 * a terminal already). With colour off the Markdown is printed as written: it reads well as
 * plain text and can be piped to a file or a pager that renders it. */
import { Chalk, type ChalkInstance, type ColorSupportLevel } from 'chalk';

export function renderMarkdown(markdown: string, color: ColorSupportLevel): string {
  if (color === 0) return markdown.endsWith('\n') ? markdown : `${markdown}\n`;
  const chalk = new Chalk({ level: color });
  const out: string[] = [];
  let fence: string | undefined;
  for (const line of markdown.replace(/\n$/, '').split('\n')) {
    const fenceMatch = /^(\s*)(```|~~~)\s*(\S*)/.exec(line);
    if (fenceMatch) {
      fence = fence === undefined ? fenceMatch[3] || 'text' : undefined;
      continue;
    }
    if (fence !== undefined) {
      out.push(`    ${codeBlockLine(line, fence, chalk)}`);
      continue;
    }
    const heading = /^(#{1,6})\s+(.*)$/.exec(line);
    if (heading) {
      const text = inline(heading[2], chalk);
      out.push(heading[1].length === 1 ? chalk.bold.underline(text) : chalk.bold.cyan(text));
      continue;
    }
    const item = /^(\s*)[-*]\s+(.*)$/.exec(line);
    if (item) {
      out.push(`${item[1]}  • ${inline(item[2], chalk)}`);
      continue;
    }
    // A list item's continuation lines are indented in Markdown; the bullet adds two columns.
    out.push(/^\s+\S/.test(line) ? `  ${inline(line, chalk)}` : inline(line, chalk));
  }
  return `${out.join('\n')}\n`;
}

function codeBlockLine(line: string, language: string, chalk: ChalkInstance): string {
  // Comments in the examples (`# …` in Nix, YAML and shell) explain the failing part: keep them apart.
  const comment = language === 'text' ? -1 : line.search(/(^|\s)#/);
  if (comment === -1) return chalk.green(line);
  return chalk.green(line.slice(0, comment)) + chalk.dim(line.slice(comment));
}

/** `code`, **bold**, *emphasis* and [links](url) within a line; code spans are left as written. */
function inline(text: string, chalk: ChalkInstance): string {
  return text
    .split(/(`[^`]*`)/)
    .map((part) => {
      if (part.startsWith('`') && part.endsWith('`') && part.length >= 2) return chalk.yellow(part.slice(1, -1));
      return part
        .replace(/\[([^\]]+)\]\(([^)\s]+)\)/g, (_, label: string, url: string) => `${chalk.underline(label)} ${chalk.dim(`(${url})`)}`)
        .replace(/\*\*([^*]+)\*\*/g, (_, bold: string) => chalk.bold(bold))
        .replace(/(^|[\s(])\*([^*\s][^*]*)\*/g, (_, lead: string, em: string) => `${lead}${chalk.italic(em)}`);
    })
    .join('');
}
