"""A wheel installed into a fresh virtual environment finds its content from any folder."""

from __future__ import annotations

import subprocess
import sys
import venv
from pathlib import Path

from tests.conftest import EXAMPLES, ROOT


def _run(*args: str | Path, cwd: Path | None = None) -> str:
    done = subprocess.run([str(a) for a in args], cwd=cwd, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout


def test_wheel_carries_content_and_templates(tmp_path: Path) -> None:
    dist = tmp_path / "dist"
    _run(sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w", dist, ROOT)
    wheel = next(dist.glob("handouts-*.whl"))

    env = tmp_path / "env"
    # The fresh environment borrows the test environment's libraries (no network needed)
    # but gets its own copy of this project from the wheel, ahead of any other on the path.
    venv.create(env, system_site_packages=True, with_pip=True)
    bin_dir = env / ("Scripts" if sys.platform == "win32" else "bin")
    _run(bin_dir / "python", "-m", "pip", "install", "-q", "--no-deps", "--no-index", wheel)

    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    found = _run(
        bin_dir / "python",
        "-c",
        "from generator import resources, __version__; "
        "print(resources.content_dir()); print(resources.templates_dir()); print(__version__)",
        cwd=elsewhere,
    ).splitlines()
    site = env.resolve()
    assert Path(found[0]).resolve().is_relative_to(site), found
    assert Path(found[1]).resolve().is_relative_to(site), found
    assert (Path(found[1]) / "theme.yaml").is_file()
    assert wheel.name.startswith(f"handouts-{found[2]}-")

    out = _run(bin_dir / "handouts", "plan", EXAMPLES / "athlete.yaml", cwd=elsewhere)
    assert out.startswith("Plan for Zoë Ñúñez")
