"""Put the package version (defined once, in nn_tutorial/__init__.py) in the footer."""

from __future__ import annotations

from nn_tutorial import __version__


def on_config(config, **kwargs):
    config["copyright"] = f"{config['copyright']} · nn_tutorial {__version__}"
    return config
