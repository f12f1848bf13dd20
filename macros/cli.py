"""The ``pst`` command: a thin layer over the library functions that the tests call directly."""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path

from . import build, exports
from .errors import DataError, format_report
from .loading import legislature_dirs, load_plan


class FrenchHelpFormatter(argparse.RawDescriptionHelpFormatter):
    def add_usage(self, usage, actions, groups, prefix=None):
        return super().add_usage(usage, actions, groups, prefix or "utilisation : ")


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="pst", formatter_class=FrenchHelpFormatter, add_help=False,
        description="Site du Programme stratégique transversal (PST) d'un CPAS : vérifier les "
                    "données, construire le site, exporter.")
    parser.add_argument("-h", "--help", action="help", help="afficher cette aide et quitter")
    sub = parser.add_subparsers(dest="command", metavar="COMMANDE", title="commandes")
    sub.required = True

    check = sub.add_parser("check", help="vérifier les données (toutes les législatures)",
                           add_help=False, formatter_class=FrenchHelpFormatter)
    check.add_argument("-h", "--help", action="help", help="afficher cette aide et quitter")
    check.add_argument("data_dir", nargs="?", default="data", metavar="DOSSIER",
                       help="dossier des données (défaut : data)")
    check.add_argument("--legislature", help="ne vérifier que cette législature")

    build_cmd = sub.add_parser("build", help="construire le site (mkdocs build --strict)",
                               add_help=False, formatter_class=FrenchHelpFormatter)
    build_cmd.add_argument("-h", "--help", action="help", help="afficher cette aide et quitter")
    build_cmd.add_argument("--legislature", help="législature à construire (défaut : la courante)")
    build_cmd.add_argument("-d", "--site-dir", default=None, metavar="DOSSIER",
                           help="dossier de sortie (défaut : site)")

    publish = sub.add_parser("publish", help="publier toutes les législatures (versions mike)",
                             add_help=False, formatter_class=FrenchHelpFormatter)
    publish.add_argument("-h", "--help", action="help", help="afficher cette aide et quitter")
    publish.add_argument("legislatures", nargs="*", metavar="LEGISLATURE",
                         help="législature(s) à (re)publier (défaut : toutes)")
    publish.add_argument("--branch", default="gh-pages", help="branche git cible (défaut : gh-pages)")
    publish.add_argument("--alias", default="actuel",
                         help="alias de la législature courante (défaut : actuel)")
    publish.add_argument("--alias-type", default="symlink", choices=["symlink", "copy", "redirect"],
                         help="alias en lien symbolique (défaut), en copie ou en redirection")
    publish.add_argument("--push", action="store_true", help="pousser la branche vers le dépôt distant")
    publish.add_argument("--remote", default="origin", help="dépôt distant (défaut : origin)")

    imp = sub.add_parser("import", help="importer un PST existant (texte extrait d'un PDF, .docx)",
                         add_help=False, formatter_class=FrenchHelpFormatter)
    imp.add_argument("-h", "--help", action="help", help="afficher cette aide et quitter")
    imp.add_argument("file", metavar="FICHIER", help="document à importer (.txt ou .docx)")
    imp.add_argument("--out", required=True, metavar="DOSSIER",
                     help="dossier de la législature à créer, par ex. data/2025-2030")
    imp.add_argument("--legislature", help="code de la législature (défaut : nom du dossier)")
    imp.add_argument("--titre", help="titre du plan (défaut : celui trouvé dans le document)")
    imp.add_argument("--force", action="store_true", help="remplacer un plan.yml existant")

    export = sub.add_parser("export", help="exporter le plan en JSON", add_help=False,
                            formatter_class=FrenchHelpFormatter)
    export.add_argument("-h", "--help", action="help", help="afficher cette aide et quitter")
    export.add_argument("--format", choices=["json"], default="json", help="format (json)")
    export.add_argument("--legislature", help="législature (défaut : la courante)")
    export.add_argument("--data", default="data", metavar="DOSSIER", help="dossier des données")
    export.add_argument("-o", "--output", default="-", metavar="FICHIER",
                        help="fichier de sortie (défaut : la sortie standard)")
    return parser


def check(data_dir: Path, legislature: str | None = None, root: Path | None = None) -> tuple[int, str]:
    """Validate every legislature (or one); return (exit code, report)."""
    root = root or Path.cwd()
    names = [legislature] if legislature else (legislature_dirs(data_dir) or [None])
    problems = []
    summaries = []
    for name in names:
        try:
            plan = load_plan(data_dir, root, name)
        except DataError as exc:
            problems.extend(exc.problems)
            continue
        summaries.append(f"{plan.legislature} : {len(plan.objectifs)} OS, {len(plan.oos)} OO, "
                         f"{len(plan.actions)} actions")
    if problems:
        return 1, format_report(problems)
    return 0, f"Données valides ({'; '.join(summaries)})."


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if args.command == "check":
        code, report = check(Path(args.data_dir), args.legislature)
        print(report, file=sys.stderr if code else sys.stdout)
        return code
    if args.command == "build":
        env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
        if args.legislature:
            env[build.LEGISLATURE_ENV] = args.legislature
        cmd = [sys.executable, "-m", "mkdocs", "build", "--strict"]
        if args.site_dir:
            cmd += ["--site-dir", args.site_dir]
        return subprocess.call(cmd, env=env)
    if args.command == "publish":
        from .publishing import PublishOptions, publish as run_publish

        try:
            return run_publish(PublishOptions(
                root=Path.cwd(), legislatures=args.legislatures, branch=args.branch,
                alias=args.alias, alias_type=args.alias_type, push=args.push, remote=args.remote))
        except (ValueError, DataError) as exc:
            print(str(exc), file=sys.stderr)
            return 1
    if args.command == "import":
        from .importing import DocumentImportError, import_document, write_legislature

        try:
            result = import_document(Path(args.file))
            out = Path(args.out)
            path = write_legislature(result, out, args.legislature or out.name, args.titre,
                                     overwrite=args.force)
        except FileExistsError as exc:
            print(f"{exc} : ajoutez --force pour le remplacer.", file=sys.stderr)
            return 1
        except (DocumentImportError, OSError) as exc:
            print(str(exc), file=sys.stderr)
            return 1
        print(result.report())
        print(f"Écrit : {path} — à relire, puis « pst check ».")
        return 0
    if args.command == "export":
        try:
            plan = load_plan(Path(args.data), Path.cwd(), args.legislature)
        except DataError as exc:
            print(str(exc), file=sys.stderr)
            return 1
        from . import urls

        urls.assign_pages(plan)
        text = exports.plan_json_text(plan)
        if args.output == "-":
            sys.stdout.write(text)
        else:
            Path(args.output).write_text(text, encoding="utf-8")
        return 0
    return 2  # pragma: no cover


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
