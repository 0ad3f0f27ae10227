"""`louzhang`: run the bot, replay a file, parse a corpus, migrate or back up the database."""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import logging
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import NoReturn

from bot.cli_errors import CliError
from bot.config import ConfigError, load_config
from bot.privacy import RedactPersonal
from bot.transports.base import TransportError
from bot.transports.console import ReplayError
from storage.db import StorageError

USAGE_ERROR = 2


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        # One line, not argparse's usage block: the message already names the option.
        self.exit(USAGE_ERROR, f"{self.prog}: {message} (see {self.prog.split()[0]} --help)\n")


def _parser() -> argparse.ArgumentParser:
    ap = _Parser(prog="louzhang", description="楼长: a compound's orders, help and notices")
    ap.add_argument("-v", "--verbose", action="store_true", help="log what the bot does")
    sub = ap.add_subparsers(dest="command", required=True, parser_class=_Parser)

    run = sub.add_parser("run", help="run the bot (console transport by default)")
    run.add_argument("--config", type=Path, help="TOML config (default: config.example.toml)")
    run.add_argument("--replay", type=Path, help="feed this file's lines through the bot, exit")

    parse = sub.add_parser("parse", help="parse corpus JSONL on stdin, one JSON line out each")
    parse.add_argument("--config", type=Path, help="TOML config whose catalog to use")

    export = sub.add_parser("export", help="write a batch's purchase list or delivery sheet")
    export.add_argument("kind", choices=["purchase", "delivery"])
    export.add_argument("--batch", default="latest", help="batch number, or latest (default)")
    export.add_argument("--format", choices=["xlsx", "csv"], default="xlsx")
    export.add_argument("--public", action="store_true", help="delivery: the copy for groups")
    export.add_argument("--out", type=Path, required=True)
    export.add_argument("--config", type=Path)
    notice = sub.add_parser("notice", help="queue a notice to a range of buildings")
    notice.add_argument("--to", required=True, help="buildings: 3-27, 1,3,5, 全部")
    notice.add_argument("text", nargs="+")
    notice.add_argument("--config", type=Path)

    imp = sub.add_parser("import", help="import a household roster or a group-buying export")
    imp.add_argument("kind", choices=["households", "orders"])
    imp.add_argument("file", type=Path, help=".xlsx or .csv")
    imp.add_argument("--sheet", help="the sheet to read (default: found by its headers)")
    imp.add_argument("--batch", type=int, help="orders: the batch to join (default: the open one)")
    imp.add_argument("--dry-run", action="store_true", help="read and report, write nothing")
    imp.add_argument("--skip-bad", action="store_true", help="import the good rows, list the bad")
    imp.add_argument("--config", type=Path)

    db = sub.add_parser("db", help="database maintenance")
    db_sub = db.add_subparsers(dest="db_command", required=True, parser_class=_Parser)
    migrate = db_sub.add_parser("migrate", help="apply pending migrations")
    migrate.add_argument("--config", type=Path)
    backup = db_sub.add_parser("backup", help="consistent copy, safe while the bot runs")
    backup.add_argument("path", type=Path)
    backup.add_argument("--config", type=Path)
    return ap


async def _db_command(args: argparse.Namespace) -> int:
    from storage.db import open_database

    config = load_config(args.config)
    db = await open_database(config.database.path)
    try:
        if args.db_command == "backup":
            await db.backup(args.path)
            print(f"backed up {config.database.path} to {args.path}")
        else:
            print(f"schema version {await db.schema_version()}")
    finally:
        await db.close()
    return 0


async def _staff_command(args: argparse.Namespace) -> int:
    from bot import cli_staff

    config = load_config(args.config)
    if args.command == "export":
        said = await cli_staff.export(
            config, args.kind, args.batch, args.format, args.public, args.out
        )
    else:
        said = await cli_staff.notice(config, args.to, " ".join(args.text))
    print(said)
    return 0


async def _import_command(args: argparse.Namespace) -> int:
    from bot.cli_import import run_import

    report, code = await run_import(
        load_config(args.config),
        args.kind,
        args.file,
        sheet=args.sheet,
        batch=args.batch,
        dry_run=args.dry_run,
        skip_bad=args.skip_bad,
    )
    print(report)
    return code


def _run(args: argparse.Namespace) -> int:
    from bot import app

    config = load_config(args.config)
    if args.replay is not None:
        from bot.transports.console import ConsoleTransport

        console = ConsoleTransport(files=app.files_folder(config))
        asyncio.run(app.replay(config, args.replay, console))
        return 0
    with contextlib.suppress(KeyboardInterrupt):
        asyncio.run(app.serve(config))
    return 0


def _parse(args: argparse.Namespace) -> int:
    from bot.catalog import default_catalog
    from bot.parse.corpus_cli import run

    catalog = load_config(args.config).build_catalog() if args.config else default_catalog()
    return run(sys.stdin, sys.stdout, sys.stderr, catalog)


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    logging.basicConfig(
        level=logging.INFO if args.verbose else logging.WARNING,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
        stream=sys.stderr,
    )
    for handler in logging.getLogger().handlers:
        handler.addFilter(RedactPersonal())
    try:
        if args.command == "run":
            return _run(args)
        if args.command == "parse":
            return _parse(args)
        if args.command in ("export", "notice"):
            return asyncio.run(_staff_command(args))
        if args.command == "import":
            return asyncio.run(_import_command(args))
        return asyncio.run(_db_command(args))
    except (ConfigError, StorageError, ReplayError, CliError, TransportError) as e:
        print(f"louzhang: {e}", file=sys.stderr)
        return USAGE_ERROR
    except BrokenPipeError:
        # `louzhang parse < x | head`: the reader left; stop quietly, as Unix tools do.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0


if __name__ == "__main__":
    sys.exit(main())
