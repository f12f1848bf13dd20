"""The ``pst`` command: a thin layer over the library functions that the tests call directly."""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import textwrap
from collections.abc import Iterable
from pathlib import Path
from typing import Any, NoReturn

from .datafiles import INSTITUTION_FILE, PLAN_FILE, display_path, legislature_dirs
from .errors import DataError, format_report
from .loading import load_plan


class FrenchHelpFormatter(argparse.RawDescriptionHelpFormatter):
    def add_usage(self, usage: str | None, actions: Iterable[argparse.Action],
                  groups: Iterable[argparse._MutuallyExclusiveGroup], prefix: str | None = None) -> None:
        # prefix "" is asked for by argparse to compute a sub-command's prog ("pst check")
        return super().add_usage(usage, actions, groups,
                                 "utilisation : " if prefix is None else prefix)


# argparse's own error messages (Python 3.11 to 3.13), in French.
_ARGPARSE_ERRORS = [
    (r"the following arguments are required: (.*)", r"arguments obligatoires manquants : \1"),
    (r"unrecognized arguments: (.*)", r"arguments non reconnus : \1"),
    (r"argument (.+?): invalid choice: (.*?) \(choose from (.*)\)",
     r"argument \1 : choix invalide : \2 (choix possibles : \3)"),
    (r"argument (.+?): expected one argument", r"argument \1 : une valeur est attendue"),
    (r"argument (.+?): expected at least one argument", r"argument \1 : au moins une valeur est attendue"),
    (r"argument (.+?): invalid (.*) value: (.*)", r"argument \1 : valeur invalide : \3"),
    (r"argument (.+?): not allowed with argument (.*)", r"argument \1 : incompatible avec \2"),
    (r"argument (.+?): ignored explicit argument (.*)", r"argument \1 : valeur \2 inattendue"),
    (r"ambiguous option: (.*?) could match (.*)", r"option ambiguë : \1 peut désigner \2"),
]


def french_error(message: str) -> str:
    for pattern, replacement in _ARGPARSE_ERRORS:
        if re.fullmatch(pattern, message):
            return re.sub(pattern, replacement, message)
    return message


class FrenchArgumentParser(argparse.ArgumentParser):
    """argparse in French: section titles, usage prefix, error messages. Sub-commands'
    parsers are of the same class (argparse's default for add_subparsers)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", FrenchHelpFormatter)
        super().__init__(*args, **kwargs)
        self._positionals.title = "arguments"
        self._optionals.title = "options"

    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        self.exit(2, f"{self.prog} : erreur : {french_error(message)}\n")


def _wrap(text: str) -> str:
    return textwrap.fill(text, 79)


HELP = "afficher cette aide et quitter"


def _command(sub: Any, name: str, summary: str, **options: Any) -> argparse.ArgumentParser:
    """A subcommand whose help is in French like the others (« -h », FrenchHelpFormatter);
    ``options``: its description and epilog."""
    command: argparse.ArgumentParser = sub.add_parser(
        name, help=summary, add_help=False, formatter_class=FrenchHelpFormatter, **options)
    command.add_argument("-h", "--help", action="help", help=HELP)
    return command


def _parser() -> argparse.ArgumentParser:
    parser = FrenchArgumentParser(
        prog="pst", formatter_class=FrenchHelpFormatter, add_help=False,
        description=_wrap("Site du Programme stratégique transversal (PST) d'un CPAS : "
                          "vérifier les données, construire le site, exporter."))
    parser.add_argument("-h", "--help", action="help", help=HELP)
    sub = parser.add_subparsers(dest="command", metavar="COMMANDE", title="commandes")
    sub.required = True

    check = _command(sub, "check", "vérifier les données (toutes les législatures)")
    check.add_argument("data_dir", nargs="?", default="data", metavar="DOSSIER",
                       help="dossier des données (défaut : data), ou le dossier d'une seule "
                            "législature (data/2025-2030)")
    check.add_argument("--legislature", help="ne vérifier que cette législature")

    build_cmd = _command(sub, "build", "construire le site (mkdocs build --strict)")
    build_cmd.add_argument("--legislature", help="législature à construire (défaut : la courante)")
    build_cmd.add_argument("-d", "--site-dir", default=None, metavar="DOSSIER",
                           help="dossier de sortie (défaut : site)")
    build_cmd.add_argument("--profil", choices=["intranet", "public"], default=None,
                           help="public : sans les champs internes (personnes, santé, "
                                "commentaires) ; intranet (défaut) : tout")

    publish = _command(sub, "publish", "publier toutes les législatures (versions mike)")
    publish.add_argument("legislatures", nargs="*", metavar="LEGISLATURE",
                         help="législature(s) à (re)publier (défaut : toutes)")
    publish.add_argument("--branch", default="gh-pages", help="branche git cible (défaut : gh-pages)")
    publish.add_argument("--alias", default="actuel",
                         help="alias de la législature courante (défaut : actuel)")
    publish.add_argument("--alias-type", default="symlink", choices=["symlink", "copy", "redirect"],
                         help="alias en lien symbolique (défaut), en copie ou en redirection")
    publish.add_argument("--push", action="store_true", help="pousser la branche vers le dépôt distant")
    publish.add_argument("--remote", default="origin", help="dépôt distant (défaut : origin)")

    imp = _command(
        sub, "import", "importer un PST ou une DPS existants (PDF, .docx, .odt, texte)",
        description=_wrap("Lire le PST (ou la Déclaration de politique sociale) d'un CPAS "
                          "depuis un PDF, un document Word (.docx), OpenDocument (.odt) ou un "
                          "texte, et écrire un dossier de données complet à relire : "
                          "institution.yml et la législature (plan.yml ou dps.yml). Les "
                          "niveaux sont reconnus à leurs mots (objectif stratégique, OS, axe ; "
                          "objectif opérationnel, OO ; action, projet, fiche ; sous-action, "
                          "tâche, étape) et à leur numérotation. Un rapport d'import (terminal "
                          "et fichier Markdown à côté des données) dit ce qui a été trouvé et "
                          "ce qu'il faut vérifier."),
        epilog="exemples :\n"
               "  pst import plan.pdf --out nouveau/data   (nouveau dossier de données)\n"
               "  pst import plan.docx --out data/2025-2030   (législature d'un site existant)\n"
               "  pst import dps.pdf --out data/2025-2030   (la DPS : écrit dps.yml)\n"
               "  pst import plan.txt --motifs motifs.yml --out data/2025-2030\n\n"
               "motifs.yml (une liste d'expressions régulières par niveau) :\n"
               "  os:\n"
               "    - \"^AXE (?P<numero>\\\\d+) - (?P<titre>.+)$\"\n"
               "  oo:\n"
               "    - \"^Objectif (?P<numero>\\\\d+\\\\.\\\\d+) (?P<titre>.+)$\"\n"
               "  action:\n"
               "    - \"^Fiche (?P<numero>[\\\\d.]+) ?: ?(?P<titre>.+)$\"\n"
               "Quand le document n'est pas reconnu, un motifs.yml de départ est écrit à côté "
               "de --out.")
    imp.add_argument("file", metavar="FICHIER", help="document à importer (.pdf, .docx, .odt, .txt)")
    imp.add_argument("--out", required=True, metavar="DOSSIER",
                     help="dossier de données (nouveau ou existant) ou dossier de la législature, "
                          "par ex. data/2025-2030")
    imp.add_argument("--legislature", help="code de la législature (défaut : celle du document "
                                           "ou le nom du dossier)")
    imp.add_argument("--titre", help="titre du plan (défaut : celui trouvé dans le document)")
    imp.add_argument("--institution", metavar="NOM",
                     help="nom de l'institution pour un nouveau dossier de données (défaut : "
                          "celui trouvé dans le document)")
    imp.add_argument("--motifs", metavar="FICHIER",
                     help="vos motifs par niveau (YAML), quand la mise en page n'est pas reconnue")
    imp.add_argument("--force", action="store_true", help="remplacer un plan.yml existant")

    export = _command(
        sub, "export", "exporter le plan (JSON, CSV, classeur XLSX ou XML eComptes)",
        description=_wrap("Exporter le plan en données ouvertes : json (le fichier "
                          "export/pst.json du site), csv (une ligne par action, pour Excel) ou "
                          "xlsx (classeur : actions et évaluations) ou ecomptes (XML du PST pour "
                          "eComptes, format 201805V1, en ISO-8859-1)."))
    export.add_argument("--format", choices=EXPORT_FORMATS, default="json", metavar="FORMAT",
                        help="json (défaut), csv, xlsx ou ecomptes")
    export.add_argument("--exercice", type=int, metavar="ANNÉE",
                        help="ecomptes : exercice décrit (défaut : l'année de la dernière "
                             "évaluation, sinon la première année de la législature)")
    export.add_argument("--legislature", help="législature (défaut : la courante)")
    export.add_argument("--data", default="data", metavar="DOSSIER",
                        help="dossier des données (défaut : data)")
    export.add_argument("-o", "--output", default="-", metavar="FICHIER",
                        help="fichier de sortie (défaut : la sortie standard ; obligatoire pour "
                             "xlsx)")

    document = _command(
        sub, "document", "écrire le PST (ou une évaluation) en PDF, tel que le Conseil l'adopte",
        description=_wrap("Écrire le PST en PDF (A4, couverture, sommaire paginé, chapitres, DPS, "
                          "chaque OS et OO avec son introduction, chaque action en fiche, "
                          "annexes ; signets PDF, polices incorporées), ou avec --evaluation le "
                          "rapport d'une évaluation."))
    document.add_argument("--out", required=True, metavar="FICHIER", help="PDF à écrire")
    document.add_argument("--legislature", help="législature (défaut : la courante)")
    document.add_argument("--evaluation", metavar="ID",
                          help="rapport de cette évaluation (nom de son fichier sans .yml, ou "
                               "sa date AAAA-MM-JJ)")
    document.add_argument("--data", default="data", metavar="DOSSIER",
                          help="dossier des données (défaut : data)")

    schema_cmd = _command(
        sub, "schema", "écrire les schémas JSON des fichiers de données (pour l'éditeur)",
        description=_wrap("Écrire les schémas JSON des fichiers de data/ (plan.yml, dps.yml, "
                          "institution.yml, swot.yml, evaluations/*.yml), tirés du modèle des "
                          "données. Un éditeur qui les lit (VS Code, Web IDE de GitLab, via "
                          ".vscode/settings.json) complète les clés, les explique et souligne "
                          "les erreurs pendant la saisie."))
    schema_cmd.add_argument("--out", default="schemas", metavar="DOSSIER",
                            help="dossier de sortie (défaut : schemas)")
    schema_cmd.add_argument("--check", action="store_true",
                            help="ne rien écrire : échouer si les schémas du dossier ne sont pas "
                                 "à jour")

    new = _command(
        sub, "new", "créer le site d'un CPAS, ou ajouter une législature",
        description=_wrap("Créer dans DOSSIER un nouveau site prêt à construire : mkdocs.yml, "
                          "pages d'aide, data/institution.yml et un plan à compléter (un volet, "
                          "un OS, un OO, une action). Si DOSSIER contient déjà "
                          "data/institution.yml, seule la législature est ajoutée "
                          "(data/<législature>/), sans toucher aux fichiers existants."),
        epilog="exemples :\n  pst new --institution \"CPAS d'Exemple\" --legislature 2025-2030 "
               "pst-exemple\n  pst new --depuis pst.pdf pst-exemple")
    new.add_argument("directory", metavar="DOSSIER", help="dossier du site (créé au besoin)")
    new.add_argument("--institution", metavar="NOM",
                     help="nom de l'institution, par ex. \"CPAS d'Exemple\" (obligatoire pour "
                          "un nouveau site)")
    new.add_argument("--legislature", metavar="LEGISLATURE",
                     help="la législature du plan, par ex. 2025-2030 (avec --depuis : celle "
                          "du document, par défaut)")
    new.add_argument("--depuis", metavar="FICHIER",
                     help="le PST du CPAS (PDF, .docx, .odt, texte) : le plan du site est "
                          "importé de ce document au lieu d'un plan à compléter")
    new.set_defaults(new_parser=new)
    return parser


EXPORT_FORMATS = ["json", "csv", "xlsx", "ecomptes"]


def check(data_dir: Path, legislature: str | None = None, root: Path | None = None) -> tuple[int, str]:
    """Validate every legislature (or one); return (exit code, report).

    Without ``legislature``, the current one is loaded as the build loads it (None: from
    institution.yml), so that a « legislature_courante » naming no folder is reported too.
    """
    from .datafiles import PAGES_DIR
    from .editorpages import check_pages, check_pages_without_plan, mkdocs_settings

    root = root or Path.cwd()
    data_dir = Path(data_dir)
    if (data_dir / PLAN_FILE).is_file() and not (data_dir / INSTITUTION_FILE).is_file():
        return _check_legislature_folder(data_dir, root)
    names = [legislature] if legislature else [None, *legislature_dirs(data_dir)]
    problems = []
    summaries = {}
    failed: list[str | None] = []  # the folders whose data could not be loaded
    settings = mkdocs_settings(root)
    for name in names:
        if name is not None and name in summaries:
            continue  # the current legislature, already checked
        try:
            plan = load_plan(data_dir, root, name)
        except DataError as exc:
            problems.extend(exc.problems)  # the same problem twice is printed once
            failed.append(exc.legislature)
            continue
        # The macros of docs/ pages and chapters, as the build of this legislature renders them.
        problems.extend(check_pages(plan, root, settings))
        key = name if name is not None else plan.institution.legislature_courante
        actions = len(plan.actions)
        summaries[key] = (f"{plan.legislature} : {len(plan.objectifs)} OS, {len(plan.oos)} OO, "
                          f"{actions} action{'' if actions == 1 else 's'}")
    # The pages of a plan that could not be loaded: their syntax and names at least.
    problems.extend(check_pages_without_plan(
        root, settings, with_docs=not summaries,
        chapter_dirs=[data_dir / name / PAGES_DIR for name in failed if name]))
    problems.extend(docs_problems(root))
    if problems:
        return 1, format_report(problems)
    return 0, f"Données valides ({'; '.join(summaries[k] for k in sorted(summaries))})."


def docs_problems(root: Path) -> list:
    """Links, attributes and tags the sanitiser would remove from the hand-written pages of
    docs/ (the build reports them too)."""
    from .loading import display_path
    from .markdownchecks import chapter_problems

    docs = root / "docs"
    if not docs.is_dir():
        return []
    return [problem for path in sorted(docs.rglob("*.md"))
            for problem in chapter_problems(path, display_path(path, root))]


def _check_legislature_folder(leg_dir: Path, root: Path) -> tuple[int, str]:
    """``pst check data/2025-2030``: one legislature folder, inside its data folder or alone
    (then checked as if a data folder held it, with a stand-in institution.yml)."""
    if (leg_dir.parent / INSTITUTION_FILE).is_file():
        return check(leg_dir.parent, leg_dir.name, root)
    import tempfile

    with tempfile.TemporaryDirectory(prefix="pst-check-") as tmp:
        data_dir = Path(tmp)
        (data_dir / INSTITUTION_FILE).write_text(
            f'nom: "Institution"\nlegislature_courante: "{leg_dir.name}"\n', encoding="utf-8")
        (data_dir / leg_dir.name).symlink_to(leg_dir.resolve(), target_is_directory=True)
        code, report = check(data_dir, leg_dir.name, root)
        # Problems name the real files, not the stand-in folder.
        report = report.replace(display_path(data_dir, root), display_path(leg_dir.parent, root))
    return code, report


def main(argv: list[str] | None = None, *, exit_when_done: bool = False) -> int:
    args = _parser().parse_args(argv)
    if args.command == "check":
        code, report = check(Path(args.data_dir), args.legislature)
        print(report, file=sys.stderr if code else sys.stdout)
        if exit_when_done:
            _exit_now(code)
        return code
    if args.command == "build":
        from .settings import LEGISLATURE_ENV, PROFILE_ENV

        env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
        if args.legislature:
            env[LEGISLATURE_ENV] = args.legislature
        if args.profil:
            env[PROFILE_ENV] = args.profil
        cmd = [sys.executable, "-m", "mkdocs", "build", "--strict"]
        if args.site_dir:
            cmd += ["--site-dir", args.site_dir]
        return subprocess.call(cmd, env=env)
    if args.command == "publish":
        from .publishing import PublishOptions
        from .publishing import publish as run_publish

        # Everything `pst check` sees stops the publication before anything is built: the
        # institution's current legislature, every legislature's data and pages, their macros.
        code, report = check(Path("data"), root=Path.cwd())
        if code:
            print(f"{report}\nLa branche {args.branch} n'a pas changé.", file=sys.stderr)
            return code
        try:
            return run_publish(PublishOptions(
                root=Path.cwd(), legislatures=args.legislatures, branch=args.branch,
                alias=args.alias, alias_type=args.alias_type, push=args.push, remote=args.remote))
        except (ValueError, DataError) as exc:
            print(str(exc), file=sys.stderr)
            return 1
    if args.command == "import":
        return import_command(args)
    if args.command == "export":
        return export(args.format, Path(args.data), args.legislature, args.output, args.exercice)
    if args.command == "document":
        return write_document(Path(args.data), args.legislature, args.evaluation, Path(args.out))
    if args.command == "schema":
        return write_schemas(Path(args.out), check_only=args.check)
    if args.command == "new":
        if args.depuis:
            return new_from_document(args)
        from .scaffold import ScaffoldError, scaffold

        if not args.legislature:  # required, unless --depuis gives the document's
            args.new_parser.error("the following arguments are required: --legislature")
        try:
            result = scaffold(Path(args.directory), args.legislature, args.institution)
        except (ScaffoldError, OSError) as exc:
            print(f"pst new : {exc}", file=sys.stderr)
            return 1
        print(result.report())
        return 0
    return 2  # pragma: no cover


def import_command(args: argparse.Namespace) -> int:
    """``pst import``: read the document, write the data folder and the review report."""
    from . import importer

    out = Path(args.out)
    try:
        motifs = importer.load_motifs(Path(args.motifs)) if args.motifs else None
        result = importer.import_document(Path(args.file), motifs)
        written = importer.write_import(result, out, args.legislature, args.titre,
                                        args.institution, overwrite=args.force)
    except FileExistsError as exc:
        print(f"pst import : {exc}.", file=sys.stderr)
        return 1
    except importer.DocumentImportError as exc:
        print(f"pst import : {exc}", file=sys.stderr)
        if exc.headings and not args.motifs:
            target = (out.parent if out.name else out) / "motifs.yml"
            if not target.exists():
                try:
                    target.parent.mkdir(parents=True, exist_ok=True)
                    target.write_text(importer.starting_motifs(exc.headings), encoding="utf-8")
                    print(f"Motifs de départ écrits dans {target} : corrigez-les, puis relancez "
                          f"avec --motifs {target}.", file=sys.stderr)
                except OSError:
                    pass
        return 1
    except OSError as exc:
        print(f"pst import : {exc}", file=sys.stderr)
        return 1
    print(importer.report_text(result, written))
    if not (written.data_dir / written.legislature / PLAN_FILE).is_file():
        print(f"La législature {written.legislature} n'a pas encore de plan : importez aussi le "
              f"PST dans le même dossier (pst import pst.pdf --out "
              f"{written.data_dir / written.legislature}), puis « pst check ».")
        return 0
    print(f"Ensuite : « pst check {written.data_dir} », puis relisez les fichiers écrits.")
    return 0


def new_from_document(args: argparse.Namespace) -> int:
    """``pst new --depuis FILE DIR``: a new site whose plan is imported from the document."""
    from . import importer
    from .scaffold import ScaffoldError, scaffold

    root = Path(args.directory)
    try:
        result = importer.import_document(Path(args.depuis))
    except importer.DocumentImportError as exc:
        print(f"pst new : {exc}", file=sys.stderr)
        return 1
    if not isinstance(result, importer.ImportResult):
        print("pst new : ce document est une Déclaration de politique sociale ; créez le site "
              "depuis le PST, puis « pst import » de la DPS dans data/<législature>.",
              file=sys.stderr)
        return 1
    legislature = args.legislature or result.plan.get("legislature")
    institution = args.institution or result.institution
    if not legislature:
        print("pst new : législature introuvable dans le document : indiquez-la avec "
              "--legislature 2025-2030.", file=sys.stderr)
        return 2
    if not institution and not (root / "data" / "institution.yml").is_file():
        print("pst new : nom de l'institution introuvable dans le document : indiquez-le avec "
              "--institution \"CPAS d'Exemple\".", file=sys.stderr)
        return 2
    try:
        site = scaffold(root, legislature, institution)
        written = importer.write_import(result, root / "data" / legislature, legislature,
                                        overwrite=True)
    except (ScaffoldError, importer.DocumentImportError, OSError) as exc:
        print(f"pst new : {exc}", file=sys.stderr)
        return 1
    print(site.report().splitlines()[0])
    print(importer.report_text(result, written))
    print(f"Ensuite, depuis {root} : « pst check », « pst build ».")
    return 0


def export(fmt: str, data_dir: Path, legislature: str | None, output: str,
           exercice: int | None = None) -> int:
    """``pst export``: json, csv, xlsx or ecomptes, to a file or to the standard output."""
    if fmt == "xlsx" and output == "-":
        print("pst export : un classeur xlsx ne s'affiche pas dans le terminal : indiquez le "
              "fichier à écrire avec -o, par ex. -o pst.xlsx.", file=sys.stderr)
        return 2
    try:
        plan = load_plan(data_dir, Path.cwd(), legislature)
    except DataError as exc:
        print(str(exc), file=sys.stderr)
        return 1
    if fmt == "json":
        from . import exports  # late: `pst check` does not need MkDocs' modules

        content: str | bytes = exports.plan_json_text(plan)
    elif fmt == "ecomptes":
        from .ecomptes import EcomptesError, ecomptes_xml

        try:
            content = ecomptes_xml(plan, exercice)
        except EcomptesError as exc:
            print(f"pst export : {exc}", file=sys.stderr)
            return 1
    else:
        from . import tabular  # late: the spreadsheet code is only needed here

        content = tabular.csv_text(plan) if fmt == "csv" else tabular.xlsx_bytes(plan)
    if output == "-":
        if isinstance(content, bytes):
            sys.stdout.buffer.write(content)
        else:
            sys.stdout.write(content)
        sys.stdout.flush()
    elif isinstance(content, bytes):
        Path(output).write_bytes(content)
    else:
        # newline="": the CSV's own line ends (\r\n for Excel) are kept as they are.
        Path(output).write_text(content, encoding="utf-8", newline="")
    return 0


def write_document(data_dir: Path, legislature: str | None, evaluation: str | None,
                   out: Path) -> int:
    """``pst document``: the PST, or one evaluation's report, as PDF."""
    from . import document

    try:
        plan = load_plan(data_dir, Path.cwd(), legislature)
        doc = (document.evaluation_document(plan, document.find_evaluation(plan, evaluation))
               if evaluation else document.plan_document(plan))
        content = document.pdf_bytes(doc, data_dir)
    except DataError as exc:
        print(str(exc), file=sys.stderr)
        return 1
    except document.DocumentError as exc:
        print(f"pst document : {exc}", file=sys.stderr)
        return 1
    try:
        out.write_bytes(content)
    except OSError as exc:
        print(f"pst document : impossible d'écrire {out} ({exc.strerror}).", file=sys.stderr)
        return 1
    print(f"Écrit : {out} ({len(content) // 1024} Ko).")
    return 0


def write_schemas(out_dir: Path, check_only: bool = False) -> int:
    """``pst schema``: write the JSON Schemas, or (check_only) compare them with ``out_dir``."""
    from . import schema

    if not check_only:
        for path in schema.write_schemas(out_dir):
            print(f"Écrit : {path}")
        return 0
    stale = [name for name, text in schema.schema_texts().items()
             if not (out_dir / name).is_file()
             or (out_dir / name).read_text(encoding="utf-8") != text]
    if stale:
        print(f"Schémas à régénérer dans {out_dir} : {', '.join(stale)} — lancez « pst schema "
              f"--out {out_dir} » et committez le résultat.", file=sys.stderr)
        return 1
    print(f"Schémas à jour dans {out_dir}.")
    return 0


def _exit_now(code: int) -> None:
    """End the process without freeing what it loaded, one object at a time: after
    `pst check` of a large plan that teardown is a quarter of the command (1.5 s of 5.5 s at
    16,200 actions). Nothing is left to do: the report is printed, no file is open."""
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)


def run() -> None:
    """The `pst` program (console script and ``python -m macros.cli``)."""
    sys.exit(main(exit_when_done=True))


if __name__ == "__main__":  # pragma: no cover
    run()
