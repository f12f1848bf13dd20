"""The pages editors write (docs/ pages and chapters) and their macros, checked like data.

A macro call is Jinja (``{{ lien_action(12) }}``) rendered by mkdocs-macros when the site is
built. The same rendering runs in ``pst check`` (without building the site) and in the build, and
every error — unknown macro or variable, wrong argument, unknown number, Jinja syntax — becomes
a ``Problem`` located in the file the editor wrote (``data/…/pages/x.md:line:column``, not the
``presentation/…`` page it is published as), in French, all of them at once.
"""

from __future__ import annotations

import functools
import inspect
import re
from dataclasses import dataclass
from pathlib import Path
from types import SimpleNamespace
from typing import TYPE_CHECKING, Any

from .errors import Problem
from .messages import suggestion

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator

    import yaml
    from jinja2 import Environment, TemplateSyntaxError
    from mkdocs.structure.pages import Page
    from mkdocs_macros.plugin import MacrosPlugin

    from .plan import Plan

# What mkdocs-macros adds to every page besides the project's macros (mkdocs_macros/context.py
# and plugin.py): in `pst check` they are stand-ins that accept any use, so that only the
# project's own macros and variables can be « unknown ».
_PLUGIN_VARIABLES = ("environment", "plugin", "git", "macros", "filters", "filters_builtin",
                     "navigation", "files")
_PLUGIN_MACROS = ("context", "macros_info", "now", "fix_url", "render_file")
_PLUGIN_FILTERS = ("pretty", "relative_url")


@dataclass(frozen=True)
class EditorPage:
    src_uri: str  # where the site publishes it
    path: Path | None  # the file (None: generated, not read from a file)
    shown: str  # as messages name it: docs/index.md, data/2019-2024/pages/intro.md


class MacroFailure(Exception):
    """An error raised inside one macro, tagged with the macro's name and a French message."""

    def __init__(self, name: str, message: str):
        super().__init__(message)
        self.name = name
        self.message = message


_BIND_ERRORS = [
    (r"missing a required argument: '(.+)'", r"argument « \1 » manquant"),
    (r"got an unexpected keyword argument '(.+)'", r"argument « \1 » inconnu"),
    (r"too many positional arguments", r"trop d'arguments"),
    (r"multiple values for argument '(.+)'", r"argument « \1 » donné deux fois"),
]


def tagged(name: str, function: Callable[..., Any]) -> Callable[..., Any]:
    """``function`` as a macro whose errors say which macro failed and why, in French."""
    try:
        signature = inspect.signature(function)
    except (TypeError, ValueError):  # pragma: no cover - builtins without a signature
        signature = None

    @functools.wraps(function)
    def call(*args: Any, **kwargs: Any) -> Any:
        if signature is not None:
            try:
                signature.bind(*args, **kwargs)
            except TypeError as exc:
                french = str(exc)
                for pattern, replacement in _BIND_ERRORS:
                    if re.fullmatch(pattern, french):
                        french = re.sub(pattern, replacement, french)
                        break
                params = ", ".join(signature.parameters) or "aucun"
                raise MacroFailure(name, f"{french} (arguments possibles : {params})") from None
        try:
            return function(*args, **kwargs)
        except MacroFailure:
            raise
        except Exception as exc:  # every failure of a macro is the editor's report
            message = str(exc).rstrip(".") or type(exc).__name__
            raise MacroFailure(name, message) from None

    call.pst_tagged = True  # type: ignore[attr-defined]
    return call


def tag_globals(env: Environment) -> None:
    """Wrap every callable of a Jinja environment's globals with ``tagged`` (once)."""
    for name, value in list(env.globals.items()):
        if callable(value) and not getattr(value, "pst_tagged", False) and not isinstance(value, type):
            env.globals[name] = tagged(name, value)


# After an error, the failing ``{{ … }}`` is blanked and the page rendered again, so that every
# error of a page is reported at once; a page with more errors than this stops there.
MAX_ERRORS_PER_PAGE = 50


def render(env: Environment, markdown: str, variables: dict[str, Any], page: EditorPage,
           offset: int = 0
           ) -> tuple[str | None, list[Problem]]:
    """Render ``markdown`` (the page without its front matter, which takes ``offset`` lines)
    through ``env``; return the text (None on error) and the located problems, all of them."""
    problems: list[Problem] = []
    text = markdown
    for _ in range(MAX_ERRORS_PER_PAGE):
        rendered, problem, blanked = _render_once(env, text, markdown, variables, page, offset)
        if problem is None:
            return (rendered if not problems else None), problems
        problems.append(problem)
        if blanked is None or blanked == text:
            break  # nothing left to blank: the rest of the page cannot be read
        text = blanked
    return None, problems


def _render_once(env: Environment, text: str, original: str, variables: dict[str, Any],
                 page: EditorPage, offset: int
                 ) -> tuple[str | None, Problem | None, str | None]:
    """One rendering: (output, None, None) or (None, problem, text with the failing call
    blanked, or None when it cannot be)."""
    from jinja2 import TemplateSyntaxError

    try:
        template = env.from_string(text)
    except TemplateSyntaxError as exc:
        line = exc.lineno or 1
        column = _syntax_column(text, line)
        problem = _problem(page, original, line, offset, column, _syntax_message(exc))
        return None, problem, _blank(text, line, column, to_line_end=True)
    except Exception as exc:  # Python refused the compiled call (f(a=1, a=2))
        line, column, message = _compile_failure(exc, text)
        problem = _problem(page, original, line, offset, column, message)
        return None, problem, _blank(text, line, column, to_line_end=True)
    try:
        return template.render(**variables), None, None
    except Exception as exc:  # reported to the editor, located
        line = _template_line(exc)
        column, message = _runtime_message(exc, text, line, env, variables)
        problem = _problem(page, original, line, offset, column, message)
        return None, problem, _blank(text, line, column, to_line_end=False)


def names_problems(env: Environment, markdown: str, known: set[str], page: EditorPage,
                   offset: int = 0) -> list[Problem]:
    """Without the data the macros cannot run (their plan has errors): the page's syntax is
    checked, and every name its macros use must be a macro or a variable of the site. All
    problems of the page at once, as ``render`` does."""
    from jinja2 import TemplateSyntaxError, meta

    problems: list[Problem] = []
    text = markdown
    for _ in range(MAX_ERRORS_PER_PAGE):
        try:
            tree = env.parse(text)
        except TemplateSyntaxError as exc:
            line = exc.lineno or 1
            column = _syntax_column(text, line)
            problems.append(_problem(page, markdown, line, offset, column, _syntax_message(exc)))
            blanked = _blank(text, line, column, to_line_end=True)
            if blanked is None or blanked == text:
                return problems
            text = blanked
            continue
        for name in sorted(meta.find_undeclared_variables(tree) - known):
            line, column = _first_use(text, name)
            problems.append(_problem(page, markdown, line, offset, column,
                                     _unknown_name(name, known)))
        return problems
    return problems


def _unknown_name(name: str, known: set[str]) -> str:
    from .components import Components

    macros = sorted(Components.MACROS)  # the project's, not Jinja's or the plugin's
    return (f"« {name} » inconnu : ce n'est ni une macro ni une variable du site"
            f"{suggestion(name, known)} (macros : {', '.join(macros)}).")


def _first_use(text: str, name: str) -> tuple[int, int]:
    """Line and column of the first ``{{``/``{%`` of ``text`` that uses ``name``."""
    for number, line in enumerate(text.splitlines(), 1):
        if re.search(r"\{[{%]", line) and re.search(rf"(?<![\w.]){re.escape(name)}\b", line):
            return number, _call_column(line, name)
    return 1, 1


def _compile_failure(exc: Exception, text: str) -> tuple[int, int, str]:
    """Where and why Python refused a call Jinja accepted (the only known case: an argument
    given twice by name); Python's own line is that of generated code, so the call is looked
    for in the page."""
    repeated = re.search(r"keyword argument repeated: (\w+)", str(exc))
    if repeated:
        name = repeated.group(1)
        for number, line in enumerate(text.split("\n"), 1):
            if len(re.findall(rf"\b{re.escape(name)}\s*=(?!=)", line)) > 1:
                return number, _call_column(line, name), (
                    f"argument « {name} » donné deux fois dans un appel de macro.")
    return 1, 1, (f"appel de macro refusé ({type(exc).__name__} : {exc}) : vérifiez les "
                  "arguments des macros de cette page.")


# Tags without an end tag: removing one leaves the page readable.
_SINGLE_TAG = re.compile(r"\{%-?\s*(include|import|from\s|set\s+[\w, ]+=)")


def _blank(text: str, line: int, column: int, to_line_end: bool) -> str | None:
    """``text`` with the ``{{ … }}`` (or ``{% … %}``) starting at ``line``:``column`` replaced
    by spaces (lines and columns of the rest unchanged)."""
    lines = text.split("\n")
    if not 0 < line <= len(lines):
        return None
    current = lines[line - 1]
    start = column - 1
    opener = current[start:start + 2]
    if opener not in ("{{", "{%", "{#"):
        return None
    closer = {"{{": "}}", "{%": "%}", "{#": "#}"}[opener]
    end = current.find(closer, start + 2)
    if opener == "{%" and not to_line_end and not _SINGLE_TAG.match(current, start):
        return None  # a block tag ({% for %}, {% if %}) cannot be removed without its end
    end = len(current) if end < 0 else end + 2
    lines[line - 1] = current[:start] + " " * (end - start) + current[end:]
    return "\n".join(lines)


def _problem(page: EditorPage, markdown: str, line: int, offset: int, column: int,
             message: str) -> Problem:
    return Problem(page.shown, line + offset, column, "", message)


def _template_line(exc: BaseException) -> int:
    """The line of the page being rendered where ``exc`` was raised (Jinja rewrites tracebacks
    so that template frames carry the template's line numbers)."""
    line = 1
    tb = exc.__traceback__
    while tb is not None:
        if tb.tb_frame.f_code.co_filename == "<template>":
            line = tb.tb_lineno
        tb = tb.tb_next
    return line


def _line_text(markdown: str, line: int) -> str:
    lines = markdown.splitlines()
    return lines[line - 1] if 0 < line <= len(lines) else ""


def _call_column(text: str, name: str | None) -> int:
    """Column of the ``{{``/``{%`` that holds ``name`` on ``text`` (else the first one)."""
    starts = [m.start() for m in re.finditer(r"\{[{%]", text)]
    if name:
        found = re.search(rf"(?<![\w.]){re.escape(name)}\b", text)
        if found:
            before = [s for s in starts if s <= found.start()]
            return (before[-1] if before else found.start()) + 1
    return (starts[0] + 1) if starts else 1


def _syntax_column(markdown: str, line: int) -> int:
    text = _line_text(markdown, line)
    starts = [m.start() for m in re.finditer(r"\{[{%#]", text)]
    return (starts[-1] + 1) if starts else 1


_SYNTAX_HINTS = [
    (r"Unexpected end of template.*innermost block that needs to be closed is '(\w+)'.*",
     r"bloc « {% \1 %} » sans sa fin « {% end\1 %} »"),
    (r"unexpected end of template.*", "appel de macro non fermé : il manque « }} » ou « ) »"),
    (r"unexpected '(.+?)', expected '(.+?)'", r"« \2 » attendu avant « \1 »"),
    (r"unexpected '(.+?)'", r"« \1 » inattendu : vérifiez les parenthèses, guillemets et "
     r"virgules"),
    (r"unexpected char '(.+?)' at \d+", r"caractère « \1 » inattendu (guillemet non fermé ?)"),
    (r"Encountered unknown tag '(.+?)'.*", r"instruction « {% \1 %} » inconnue"),
    (r"expected token '}}', got '(.+?)'",
     r"« }} » attendu, « \1 » trouvé (virgule ou parenthèse manquante ?)"),
    (r"expected token '(.+?)', got '(.+?)'", r"« \1 » attendu, « \2 » trouvé"),
    (r"Expected an expression, got '}}'", "« {{ }} » vide : écrivez une macro ou une variable"),
    (r"Expected an expression, got '(.+?)'", r"valeur attendue avant « \1 » : l'appel ou "
     r"l'instruction est incomplet"),
    (r"No filter named '(.+?)'.*", r"filtre « \1 » inconnu"),
    (r"Missing end of comment tag", "commentaire « {# » non fermé (« #} » manquant)"),
]


_TOKENS = {"end of print statement": "}}", "end of statement block": "%}",
           "begin of print statement": "{{", "begin of statement block": "{%",
           "end of template": "fin de la page"}


def _syntax_message(exc: TemplateSyntaxError) -> str:
    detail = (exc.message or "").strip()
    for token, shown in _TOKENS.items():  # Jinja's names of its delimiters, as written
        detail = detail.replace(f"'{token}'", f"'{shown}'")
    for pattern, replacement in _SYNTAX_HINTS:
        if re.fullmatch(pattern, detail, flags=re.S):
            hint = re.sub(pattern, replacement, detail, flags=re.S)
            break
    else:
        hint = "vérifiez les « {{ }} », parenthèses et guillemets"
    return (f"erreur de syntaxe de macro : {hint}. Pour écrire « {{{{ » tel quel, mettez le "
            "passage entre {% raw %} et {% endraw %}.")


def _runtime_message(exc: BaseException, markdown: str, line: int, env: Environment,
                     variables: dict[str, Any]
                     ) -> tuple[int, str]:
    from jinja2 import UndefinedError

    text = _line_text(markdown, line)
    if isinstance(exc, MacroFailure):
        return _call_column(text, exc.name), f"macro {exc.name}() : {exc.message}."
    if isinstance(exc, UndefinedError):
        detail = exc.message or ""
        undefined = re.fullmatch(r"'(.+?)' is undefined", detail)
        if undefined:
            name = undefined.group(1)
            return _call_column(text, name), _unknown_name(name, {*env.globals, *variables})
        attribute = re.fullmatch(r"'?(.+?)'? has no attribute '(.+?)'", detail)
        if attribute:
            return _call_column(text, attribute.group(2)), (
                f"« .{attribute.group(2)} » : cette valeur n'a pas d'attribut "
                f"« {attribute.group(2)} ».")
        return _call_column(text, None), f"valeur inconnue dans un appel de macro ({detail})."
    from jinja2 import TemplateNotFound

    if isinstance(exc, TemplateNotFound):
        return _call_column(text, None), (f"fichier « {exc.name} » introuvable pour "
                                          "{% include %} : les fichiers inclus sont lus dans "
                                          "docs/ (ou l'include_dir des macros).")
    if isinstance(exc, ZeroDivisionError):
        return _call_column(text, None), "calcul impossible : division par zéro."
    if isinstance(exc, TypeError) and "not callable" in str(exc):
        return _call_column(text, None), ("ce nom n'est pas une macro : retirez les parenthèses "
                                          "(une variable s'écrit {{ nom }}).")
    return _call_column(text, None), (f"erreur dans un appel de macro ({type(exc).__name__} : "
                                      f"{exc}) : vérifiez ses arguments.")


# --- pst check: the pages and an environment like the build's -----------------------------------

def front_matter(text: str) -> tuple[str, dict, int]:
    """The page without its front matter (as MkDocs reads it), its metadata, and how many
    lines came before the Markdown."""
    from mkdocs.utils.meta import get_data

    try:
        markdown, meta = get_data(text)
    except Exception:  # a broken front matter: MkDocs reports it, not the macros
        markdown, meta = text, {}
    offset = text[: len(text) - len(markdown)].count("\n") if text.endswith(markdown) else 0
    return markdown, meta if isinstance(meta, dict) else {}, offset


class _Anything:
    """Stands for what only the build knows (git, navigation…): accepts every use."""

    def __init__(self, **known: Any) -> None:
        self.__dict__.update(known)

    def __getattr__(self, name: str) -> _Anything:
        return _Anything()

    def __getitem__(self, key: Any) -> _Anything:
        return _Anything()

    def __call__(self, *args: Any, **kwargs: Any) -> _Anything:
        return _Anything()

    def __iter__(self) -> Iterator[Any]:
        return iter(())

    def __str__(self) -> str:
        return ""

    def __bool__(self) -> bool:
        return False


class CheckEnvironment:
    """What ``macros.register`` needs of mkdocs-macros' plugin object, for ``pst check``."""

    def __init__(self, config: dict, use_directory_urls: bool = True,
                 include_dir: Path | None = None):
        from jinja2 import Environment, FileSystemLoader, StrictUndefined

        self.conf = SimpleNamespace(use_directory_urls=use_directory_urls)
        self.variables: dict[str, Any] = {}
        self.page: SimpleNamespace | None = None
        # As the plugin: {% include %} reads its include_dir, else docs/.
        loader = FileSystemLoader(str(include_dir)) if include_dir else None
        self.env = Environment(undefined=StrictUndefined, loader=loader)
        extra = dict(config.get("extra") or {})
        self.variables.update({name: _Anything() for name in _PLUGIN_VARIABLES})
        self.variables["config"] = config
        self.variables["extra"] = extra
        self.variables.update(extra)
        for name in _PLUGIN_MACROS:
            self.env.globals[name] = _Anything()
        for name in _PLUGIN_FILTERS:
            self.env.filters[name] = lambda value, *args, **kwargs: value

    def macro(self, function: Callable[..., Any], name: str = "") -> None:
        self.env.globals[name or function.__name__] = tagged(name or function.__name__, function)

    def check(self, page: EditorPage, known: set[str] | None = None) -> list[Problem]:
        """The page's macros rendered, or (``known``: the names of the site's macros and
        variables, when the plan could not be loaded) only its syntax and names checked."""
        from . import urls
        from .textfile import read_text

        if page.path is None:
            return []
        text, problems = read_text(page.path, page.shown)
        if text is None:
            return problems
        markdown, meta, offset = front_matter(text)
        if meta.get("render_macros") is False:
            return []
        if known is not None:
            names = known | set(self.env.globals) | set(self.variables) | set(meta) | {"page"}
            return names_problems(self.env, markdown, names, page, offset)
        self.page = SimpleNamespace(url=urls.url_of(page.src_uri))
        url = self.page.url
        variables = dict(self.variables)
        variables["page"] = _Anything(meta=meta, title=meta.get("title", ""),
                                      url=url)
        variables.update(meta)
        return render(self.env, markdown, variables, page, offset)[1]


def _macros_option(settings: dict[str, Any], name: str) -> Any:
    """An option of the macros plugin in mkdocs.yml's ``plugins`` (None when not set)."""
    for entry in settings.get("plugins") or []:
        if isinstance(entry, dict) and isinstance(entry.get("macros"), dict):
            return entry["macros"].get(name)
    return None


def mkdocs_settings(root: Path) -> dict:
    """mkdocs.yml as plain values (``!ENV`` and other tags read as their default or text), or
    {} when there is none: what the check needs (docs_dir, extra)."""
    import yaml

    path = root / "mkdocs.yml"
    if not path.is_file():
        return {}

    class _Loader(yaml.SafeLoader):
        pass

    def any_tag(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> Any:
        if isinstance(node, yaml.SequenceNode):
            values = loader.construct_sequence(node)
            return values[-1] if suffix == "ENV" and values else values
        if isinstance(node, yaml.MappingNode):
            return loader.construct_mapping(node)
        return loader.construct_scalar(node) if isinstance(node, yaml.ScalarNode) else None

    _Loader.add_multi_constructor("!", any_tag)
    _Loader.add_multi_constructor("tag:", any_tag)
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=_Loader)
    except (yaml.YAMLError, OSError, UnicodeDecodeError):
        return {}  # MkDocs reports a broken mkdocs.yml itself
    return data if isinstance(data, dict) else {}


def docs_files(docs_dir: Path) -> list[str]:
    """Every file of docs/ as MkDocs publishes it (hidden files left out), from docs/."""
    if not docs_dir.is_dir():
        return []
    found = (p.relative_to(docs_dir).as_posix() for p in sorted(docs_dir.rglob("*")))
    return [rel for rel in found if (docs_dir / rel).is_file()
            and not any(part.startswith(".") for part in rel.split("/"))]


def docs_collisions(plan: Plan, docs_dir: Path, shown_dir: str, root: Path | None = None
                    ) -> list[Problem]:
    """Hand-written files of docs/ that have the path of a generated one (each would replace
    the other without a word), and (with ``root``) files linked from outside the repository."""
    from .pagepaths import collisions, docs_claims, plan_claims
    from .textfile import outside

    files = docs_files(docs_dir)
    claims = plan_claims(plan) + docs_claims(files, shown_dir)
    problems = [p for p in collisions(claims) if p.file.startswith(f"{shown_dir}/")]
    if root is not None:
        for rel in files:
            why = outside(docs_dir / rel, root)
            if why:
                problems.append(Problem(f"{shown_dir}/{rel}", 1, 1, "", f"{why}."))
    return problems


def docs_pages(docs_dir: Path, shown_dir: str) -> list[EditorPage]:
    """The Markdown pages of docs/ (those MkDocs renders)."""
    if not docs_dir.is_dir():
        return []
    pages = []
    for path in sorted(docs_dir.rglob("*.md")):
        rel = path.relative_to(docs_dir).as_posix()
        if any(part.startswith(".") for part in rel.split("/")):
            continue  # MkDocs ignores hidden files
        pages.append(EditorPage(rel, path, f"{shown_dir}/{rel}"))
    return pages


def check_pages(plan: Plan, root: Path, settings: dict[str, Any] | None = None
                ) -> list[Problem]:
    """Render the macros of every docs/ page and chapter of ``plan``; the problems found."""
    from . import register, urls
    from .datafiles import display_path

    settings = mkdocs_settings(root) if settings is None else settings
    docs_dir = root / str(settings.get("docs_dir") or "docs")
    shown_docs = display_path(docs_dir, root)
    docs = docs_pages(docs_dir, shown_docs) if settings else []
    urls.assign_pages(plan)
    problems = docs_collisions(plan, docs_dir, shown_docs, root) if settings else []
    env = CheckEnvironment(settings, bool(settings.get("use_directory_urls", True)),
                           root / (_macros_option(settings, "include_dir") or docs_dir))
    register(env, plan)
    for page in docs + [EditorPage(c.src_uri, c.path, c.source.file) for c in plan.chapters]:
        problems += env.check(page)
    return problems


def check_pages_without_plan(root: Path, settings: dict[str, Any], with_docs: bool,
                             chapter_dirs: list[Path]) -> list[Problem]:
    """The pages whose plan could not be loaded (its data has errors, reported beside): their
    macros' syntax and names, so that the editor sees every problem in one report. ``with_docs``:
    the docs/ pages too (no legislature loaded, none rendered them)."""
    from . import VARIABLES
    from .components import Components
    from .datafiles import display_path

    docs_dir = root / str(settings.get("docs_dir") or "docs")
    pages = docs_pages(docs_dir, display_path(docs_dir, root)) if with_docs and settings else []
    for folder in chapter_dirs:
        pages += [EditorPage(path.name, path, display_path(path, root))
                  for path in sorted(folder.glob("*.md"))]
    env = CheckEnvironment(settings, bool(settings.get("use_directory_urls", True)),
                           root / (_macros_option(settings, "include_dir") or docs_dir))
    known = {*Components.MACROS, *VARIABLES}
    return [problem for page in pages for problem in env.check(page, known)]


# --- the build: mkdocs-macros renders, errors are collected and reported before writing ----------

def take_over_rendering(plugin: MacrosPlugin, shown_as: Callable[[Page], str],
                        collected: list[Problem]) -> None:
    """Make mkdocs-macros' ``plugin`` render pages through ``render`` above: an error is added
    to ``collected`` (located by ``shown_as(page)``, the file the editor wrote) instead of
    ending the process (``on_error_fail`` calls exit(100)) with an English traceback.

    The decisions before rendering are those of ``MacrosPlugin.render`` (mkdocs-macros 1.x):
    ``render_macros`` in the page's metadata, ``render_by_default``, metadata as variables."""
    from copy import copy

    def render_page(markdown: str, force_rendering: bool = False) -> str:
        tag_globals(plugin.env)
        page = plugin.page
        meta = dict(getattr(page, "meta", None) or {})
        wanted = meta.get("render_macros")
        if wanted is False:
            return markdown
        if plugin.config["render_by_default"] is False and not (force_rendering or wanted is True):
            return markdown
        variables = copy(plugin.variables)
        variables.update(meta)
        path = Path(page.file.abs_src_path) if page.file.abs_src_path else None
        editor_page = EditorPage(page.file.src_uri, path, shown_as(page))
        offset = 0
        if path is not None and markdown == page.markdown:
            try:
                text = path.read_text(encoding="utf-8-sig")
            except (OSError, UnicodeDecodeError):
                text = ""
            if text.endswith(markdown):
                offset = text[: len(text) - len(markdown)].count("\n")
        rendered, problems = render(plugin.env, markdown, variables, editor_page, offset)
        if problems:
            collected.extend(problems)
            return markdown
        return rendered or ""

    plugin.render = render_page  # type: ignore[method-assign]
