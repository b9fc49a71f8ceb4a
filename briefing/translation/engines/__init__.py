"""Translation engines behind one interface (`base.Engine`): an installed Argos package, any
CTranslate2 model folder, an OpenAI-compatible chat endpoint. This module picks and makes one
from briefing.yml's `mt:` settings, the environment and `--engine`, and says what each would use
(`briefing model status`).

`--engine` takes `argos`, `ctranslate2[:FOLDER]` or `endpoint[:MODEL]`. The endpoint's base URL
and model may come from the environment (BRIEFING_MT_BASE_URL, BRIEFING_MT_MODEL: they win over
briefing.yml, and `--engine endpoint:MODEL` over both); its key only ever does (the variable named
by mt.endpoint.api_key_env, default BRIEFING_MT_API_KEY).
"""

from __future__ import annotations

import os
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, Mapping

from briefing.config import ENGINES, EndpointSettings, MTSettings
from briefing.errors import InputError
from briefing.translation.engines.base import Engine, EngineError

ENV_BASE_URL = "BRIEFING_MT_BASE_URL"
ENV_MODEL = "BRIEFING_MT_MODEL"
CHOICES = "argos, ctranslate2[:FOLDER] or endpoint[:MODEL]"


@dataclass(frozen=True)
class Choice:
    """An engine as named on the command line or in briefing.yml."""

    name: str  # one of config.ENGINES
    arg: str = ""  # the folder (ctranslate2) or the model (endpoint)

    def __str__(self) -> str:
        return f"{self.name}:{self.arg}" if self.arg else self.name


def parse_choice(text: str) -> Choice:
    """`argos`, `ctranslate2:/models/opus-mt-zh-en`, `endpoint:qwen2.5-7b-instruct` → a Choice."""
    name, _, arg = text.strip().partition(":")
    if name not in ENGINES or (name == "argos" and arg):
        raise InputError(f"--engine '{text}': not an engine", hint=f"choose {CHOICES}")
    return Choice(name, arg.strip())


def endpoint_settings(mt: MTSettings, env: Mapping[str, str] | None = None,
                      model: str = "") -> EndpointSettings:
    """The endpoint's settings with the environment's base URL and model applied."""
    env = os.environ if env is None else env
    ep = mt.endpoint
    return replace(ep, base_url=env.get(ENV_BASE_URL) or ep.base_url,
                   model=model or env.get(ENV_MODEL) or ep.model)


def folder_path(mt: MTSettings, root: Path, arg: str = "") -> Path | None:
    """The CTranslate2 folder named by `--engine ctranslate2:PATH` or mt.ctranslate2.path
    (relative to the project)."""
    text = arg or mt.ctranslate2.path
    if not text:
        return None
    path = Path(text).expanduser()
    return path if path.is_absolute() else root / path


def make_engine(choice: Choice | None, mt: MTSettings, root: Path,
                env: Mapping[str, str] | None = None) -> Engine:
    """The engine `choice` names (default: mt.engine), set up from `mt` and the environment."""
    env = os.environ if env is None else env
    choice = choice or Choice(mt.engine)
    if choice.name == "endpoint":
        from briefing.translation.engines.endpoint import EndpointEngine
        settings = endpoint_settings(mt, env, choice.arg)
        return EndpointEngine(settings, key=env.get(settings.api_key_env, ""), key_env=settings.api_key_env)
    if choice.name == "ctranslate2":
        from briefing.translation.engines.ct2 import folder_engine
        path = folder_path(mt, root, choice.arg)
        if path is None:
            raise EngineError("no CTranslate2 model folder is configured",
                              hint="set mt.ctranslate2.path in briefing.yml, or use "
                                   "--engine ctranslate2:FOLDER")
        return folder_engine(path, mt)
    from briefing.translation.engines.ct2 import ArgosEngine
    return ArgosEngine(settings=mt)


def describe_engines(mt: MTSettings, root: Path, env: Mapping[str, str] | None = None,
                     check: bool = False) -> dict[str, Any]:
    """What `briefing model status` prints: each engine, whether it is ready, and which one
    `briefing translate` uses. With `check`, the endpoint is asked for its models and the
    CTranslate2 folder's layout is read. Never includes the key."""
    from briefing.translation.models import describe_models
    env = os.environ if env is None else env
    argos = describe_models()
    engines: dict[str, Any] = {
        "argos": {"ready": bool(argos["models"]), "packages_dir": argos["packages_dir"],
                  "models": argos["models"]}}
    path = folder_path(mt, root)
    folder: dict[str, Any] = {"ready": False, "path": str(path) if path else ""}
    if path is not None:
        from briefing.translation.engines.ct2 import inspect_folder
        try:
            layout = inspect_folder(path, mt.ctranslate2)
            folder.update(ready=True, model=layout.label, layout=layout.describe())
        except EngineError as exc:
            folder["problem"] = exc.message
    engines["ctranslate2"] = folder
    ep = endpoint_settings(mt, env)
    endpoint: dict[str, Any] = {"ready": bool(ep.base_url and ep.model), "base_url": ep.base_url,
                                "model": ep.model, "key_env": ep.api_key_env,
                                "key_set": bool(env.get(ep.api_key_env)),
                                "concurrency": ep.concurrency, "batch_size": ep.batch_size}
    if check and endpoint["ready"]:
        from briefing.translation.engines.endpoint import EndpointEngine
        try:
            engine = EndpointEngine(ep, key=env.get(ep.api_key_env, ""), key_env=ep.api_key_env)
            endpoint["check"] = engine.check()
        except EngineError as exc:
            endpoint["ready"], endpoint["problem"] = False, str(exc)
    engines["endpoint"] = endpoint
    return {"engine": mt.engine, "engines": engines}
