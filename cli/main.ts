// The `gradschool` command line: parses arguments with commander and dispatches to the commands.
// Exit codes: 0 success, 1 a failed claim or run (or an error such as an unwritable database),
// 2 a usage error (unknown command, lesson, experiment, option or setting), 130 Ctrl-C. Commands
// are imported when they run, so `--help` and argument errors never load the engine or the course.

import { Command, CommanderError, InvalidArgumentError } from 'commander';
import { EXIT_FAILED, EXIT_OK, EXIT_USAGE, UsageError } from './errors.ts';
import { DEFAULT_QUIZ_LIMIT, DEFAULT_SEED, DEFAULT_SWEEP_SEEDS, parseInteger, parsePort, parseSeedList } from './options.ts';

/** A commander parse error, with the command it happened in (to list that command's options). */
class ParseError extends Error {
  constructor(override readonly cause: CommanderError, readonly command: Command) {
    super(cause.message);
  }
}

/** A commander option parser from one that throws UsageError (commander reports its own error type). */
const flag = <T>(parse: (text: string) => T) => (text: string): T => {
  try {
    return parse(text);
  } catch (e) {
    throw new InvalidArgumentError((e as Error).message);
  }
};

const collect = (value: string, previous: string[] | undefined) => [...(previous ?? []), value];

function buildProgram(done: (code: number) => void): Command {
  const program = new Command('gradschool')
    .description('Deep learning answered by experiment: run lessons, check their claims, quiz yourself, open the lab.')
    .showSuggestionAfterError(true);

  program
    .command('lessons')
    .description('list the lessons with your progress (runs, claims passed, cards due)')
    .option('--json', 'print JSON instead of a table')
    .action(async (opts) => done((await import('./commands/lessons.ts')).lessonsCommand({ json: opts.json === true })));

  program
    .command('run')
    .description("run a lesson's experiments, then check its claims (or every lesson's, with --all)")
    .argument('[lesson]', 'lesson id or number (e.g. softmax-vs-argmax or 5)')
    .option('--all', 'run every lesson in course order and print a table of each one\'s time and claims')
    .option('-e, --experiment <id>', 'run only this experiment (default: all of the lesson)')
    .option('--seed <n>', "random seed of the experiment runs (the claims use their own seeds)", flag((t) => parseInteger(t, 0, 2 ** 31 - 1, 'the seed')), DEFAULT_SEED)
    .option('--quick', 'the fast variant of each experiment (fewer steps, smaller data)')
    .option('--set <key=value>', 'change a setting of the experiment (repeatable)', collect)
    .option('--no-claims', 'skip checking the claims')
    .option('--claim-seeds <list>', "check every claim on these seeds instead of its own (at least 3: '11,12,13', '1-30')", flag((t) => parseSeedList(t, '--claim-seeds')))
    .option('--json', 'print one JSON object (progress lines go to stderr)')
    .addHelpText('after', '\nExamples:\n  gradschool run 5 --quick\n  gradschool run 5 --quick --claim-seeds 11,12,13\n  gradschool run softmax-vs-argmax --experiment train-through-argmax --set steps=300 --seed 2\n  gradschool run --all --quick')
    .action(async (lesson: string | undefined, opts) => {
      if (opts.claimSeeds && opts.claims === false) throw new UsageError('--claim-seeds sets the seeds the claims are checked on, and --no-claims skips the claims: give one of them');
      if (opts.all) {
        if (lesson !== undefined) throw new UsageError(`--all runs every lesson: give it or the lesson '${lesson}', not both`);
        if (opts.experiment || opts.set) throw new UsageError('--experiment and --set name one lesson\'s experiment and settings: they do not go with --all');
        const { runAllCommand } = await import('./commands/run-all.ts');
        done(await runAllCommand({ seed: opts.seed, quick: opts.quick === true, claims: opts.claims !== false, claimSeeds: opts.claimSeeds, json: opts.json === true }));
        return;
      }
      if (lesson === undefined) throw new UsageError('run: name a lesson (id or number), or give --all');
      const { runCommand } = await import('./commands/run.ts');
      const flags = { experiment: opts.experiment, seed: opts.seed, quick: opts.quick === true, set: opts.set ?? [], claims: opts.claims !== false, claimSeeds: opts.claimSeeds, json: opts.json === true };
      done(await runCommand(lesson, flags));
    });

  program
    .command('claims')
    .description("sweep a lesson's claims over many seeds: each seed's value, min/median/max, and every seed triple's verdict")
    .argument('<lesson>', 'lesson id or number (e.g. softmax-vs-argmax or 5)')
    .option('--seeds <list>', `seeds to sweep, at least 3, taken in triples in order (default ${DEFAULT_SWEEP_SEEDS})`, flag((t) => parseSeedList(t, '--seeds')))
    .option('-c, --claim <id>', 'sweep only this claim (repeatable; default: every claim of the lesson)', collect)
    .option('--json', 'print one JSON object (progress lines go to stderr)')
    .addHelpText('after', '\nExits 1 when any seed triple fails. Examples:\n  gradschool claims 5\n  gradschool claims softmax-vs-argmax --claim argmax-loss-is-flat --seeds 1-60')
    .action(async (lesson: string, opts) => {
      const { claimsCommand } = await import('./commands/claims.ts');
      const flags = { seeds: opts.seeds ?? parseSeedList(DEFAULT_SWEEP_SEEDS, '--seeds'), claims: opts.claim ?? [], json: opts.json === true };
      done(await claimsCommand(lesson, flags));
    });

  program
    .command('glossary')
    .description("the course's terms, each in one line with the lessons that show it; with a term, that entry or the terms containing it")
    .argument('[term]', 'a term or part of one (e.g. "learning rate", relu)')
    .option('--json', 'print JSON')
    .addHelpText('after', '\nExits 1 when no term matches. Examples:\n  gradschool glossary\n  gradschool glossary "dead ReLU"')
    .action(async (term: string | undefined, opts) => done((await import('./commands/glossary.ts')).glossaryCommand(term, { json: opts.json === true })));

  program
    .command('search')
    .description('find words across the course: lesson titles, interview questions, glossary terms, lesson text and quiz cards')
    .argument('<words...>', 'every word must appear, in any order and case')
    .option('--limit <n>', 'show at most this many hits', flag((t) => parseInteger(t, 1, 1000, 'the limit')), 10)
    .option('--json', 'print JSON')
    .addHelpText('after', '\nExits 1 when nothing matches. Examples:\n  gradschool search dead relu\n  gradschool search "learning rate" --limit 3')
    .action(async (words: string[], opts) => done((await import('./commands/search.ts')).searchCommand(words.join(' '), { limit: opts.limit, json: opts.json === true })));

  program
    .command('quiz')
    .description('review the quiz cards that are due (Enter reveals, then rate 1–4; q quits)')
    .option('-l, --lesson <id>', 'only cards of this lesson (id or number)')
    .option('--limit <n>', 'review at most this many cards', flag((t) => parseInteger(t, 1, 100_000, 'the limit')), DEFAULT_QUIZ_LIMIT)
    .action(async (opts) => done(await (await import('./commands/quiz.ts')).quizCommand({ lesson: opts.lesson, limit: opts.limit })));

  program
    .command('serve')
    .description('start the browser lab on 127.0.0.1')
    .option('-p, --port <n>', 'port (default: PORT or 4173; 0 picks a free one)', flag((t) => parsePort(t, 'the port')))
    .action(async (opts) => done(await (await import('./commands/serve.ts')).serveCommand({ port: opts.port })));

  for (const cmd of [program, ...program.commands]) {
    cmd.exitOverride((err) => {
      throw new ParseError(err, cmd);
    });
  }
  return program;
}

/** After commander's own message: what would have been valid. */
function hint(e: ParseError, program: Command): string | null {
  const valid = (cmd: Command) => [...cmd.options.map((o) => o.flags), '-h, --help'].join(', ');
  switch (e.cause.code) {
    case 'commander.unknownCommand':
      return `valid commands: ${program.commands.map((c) => c.name()).join(', ')} (gradschool --help)`;
    case 'commander.unknownOption':
      return `valid options for '${e.command.name()}': ${valid(e.command)}`;
    case 'commander.help':
      return null;
    default:
      return `see gradschool ${e.command === program ? '' : `${e.command.name()} `}--help`;
  }
}

export async function main(argv: readonly string[]): Promise<number> {
  let code = EXIT_OK;
  const program = buildProgram((c) => {
    code = c;
  });
  if (argv.length === 0) {
    program.outputHelp({ error: true });
    return EXIT_USAGE;
  }
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return code;
  } catch (e) {
    if (e instanceof ParseError) {
      if (e.cause.exitCode === 0) return EXIT_OK; // --help, shown already
      const more = hint(e, program);
      if (more) process.stderr.write(`${more}\n`);
      return EXIT_USAGE;
    }
    if (e instanceof UsageError) {
      process.stderr.write(`error: ${e.message}\n`);
      return EXIT_USAGE;
    }
    process.stderr.write(`gradschool: ${e instanceof Error ? e.message : String(e)}\n`);
    if (process.env.GRADSCHOOL_DEBUG && e instanceof Error) process.stderr.write(`${e.stack}\n`);
    return EXIT_FAILED;
  }
}
