"""Build configuration that pyproject.toml cannot express: ship `resources/` inside the package.

The top-level `resources/` folder (codebooks, samples, icons, later lexicons) is mapped to the
data-only package `desktop._resources`, so every file under it lands in the wheel and the sdist
without being listed; `desktop/resources.py` finds it with `importlib.resources`.
"""

from setuptools import find_packages, setup

setup(
    packages=[*find_packages(include=["desktop", "desktop.*"]), "desktop._resources"],
    package_dir={"desktop._resources": "resources"},
    package_data={"desktop": ["py.typed"], "desktop._resources": ["**/*"]},
    # Only the globs above: MANIFEST.in (sdist) would otherwise add files to the wheel too.
    include_package_data=False,
    exclude_package_data={"desktop._resources": ["**/__pycache__/*", "**/*.pyc"]},
)
