// Loads each PO file given with gettext-parser and prints one JSON line per file:
// {file, language, entries, fuzzy}. Exits 1 when a file does not parse.
import { readFileSync } from "node:fs";
import gettextParser from "gettext-parser";

for (const file of process.argv.slice(2)) {
  const po = gettextParser.po.parse(readFileSync(file), { validation: true });
  let entries = 0;
  let fuzzy = 0;
  for (const [context, messages] of Object.entries(po.translations)) {
    for (const [id, message] of Object.entries(messages)) {
      if (context === "" && id === "") continue;
      entries += 1;
      if ((message.comments?.flag ?? "").includes("fuzzy")) fuzzy += 1;
    }
  }
  console.log(JSON.stringify({ file, language: po.headers.Language, entries, fuzzy }));
}
