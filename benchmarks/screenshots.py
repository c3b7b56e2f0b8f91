#!/usr/bin/env python3
"""Screenshots of one page of every kind, desktop (1280x800) and mobile (375x812), light and dark.

    .venv/bin/python benchmarks/screenshots.py OUT_DIR            # the real data/
    .venv/bin/python benchmarks/screenshots.py OUT_DIR --fixture  # tests/fixtures/data
    .venv/bin/python benchmarks/screenshots.py OUT_DIR --full-page --schemes light

Builds the site, serves it on 127.0.0.1 and drives Debian's Chromium with Playwright.
Files are named KIND-desktop-light.png and so on. --readme also writes the image the
README embeds, docs/assets/screenshots/timeline.png (the timeline filtered by a country,
desktop, light),
reduced to a palette PNG when Pillow is installed.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT / "hooks"))

from browser.siteserver import CHROMIUM, CHROMIUM_FLAGS, page_of_every_kind, serve  # noqa: E402
from conftest import FIXTURE_DATA, make_project, run_build  # noqa: E402

VIEWPORTS = {
    "desktop": {"viewport": {"width": 1280, "height": 800}},
    "mobile": {"viewport": {"width": 375, "height": 812}, "device_scale_factor": 2, "is_mobile": True, "has_touch": True},
}
README_IMAGE = ROOT / "docs" / "assets" / "screenshots" / "timeline.png"


def optimise(png: Path, colours: int = 128) -> None:
    """Reduce a screenshot to a palette PNG (much smaller, no visible change for flat UI colours)."""
    try:
        from PIL import Image
    except ImportError:
        print("Pillow is not installed: the PNG is kept as Chromium wrote it", file=sys.stderr)
        return
    with Image.open(png) as image:
        image.convert("RGB").quantize(colors=colours, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE).save(
            png, optimize=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", type=Path, help="folder for the screenshots (created if missing)")
    which = parser.add_mutually_exclusive_group()
    which.add_argument("--fixture", action="store_true", help="build from tests/fixtures/data instead of data/")
    which.add_argument("--site", type=Path, help="an already built site folder to serve")
    parser.add_argument("--schemes", nargs="+", default=["light", "dark"], choices=["light", "dark"])
    parser.add_argument("--full-page", action="store_true", help="the whole page, not only the first screen")
    parser.add_argument("--readme", action="store_true", help=f"also write {README_IMAGE.relative_to(ROOT)}")
    args = parser.parse_args(argv)

    from playwright.sync_api import sync_playwright

    if not CHROMIUM.exists():
        sys.exit(f"no Chromium at {CHROMIUM}: apt-get install chromium")
    args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="cajd-screenshots-") as tmp:
        site = args.site
        if site is None:
            project = make_project(Path(tmp) / "project", FIXTURE_DATA if args.fixture else ROOT / "data")
            result = run_build(project)
            if result.returncode != 0:
                sys.exit(f"the build failed:\n{result.stdout}{result.stderr}")
            site = project / "site"
        kinds = page_of_every_kind(site)
        with serve(site) as base, sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_FLAGS)
            for device, options in VIEWPORTS.items():
                for scheme in args.schemes:
                    context = browser.new_context(base_url=base, color_scheme=scheme, locale="en-GB", **options)
                    page = context.new_page()
                    for kind, path in kinds.items():
                        page.goto(path)
                        page.evaluate("document.fonts.ready")
                        target = args.out / f"{kind.replace(' ', '-')}-{device}-{scheme}.png"
                        page.screenshot(path=target, full_page=args.full_page, animations="disabled")
                        print(target)
                    context.close()
            if args.readme:
                context = browser.new_context(base_url=base, color_scheme="light", locale="en-GB", **VIEWPORTS["desktop"])
                page = context.new_page()
                # The timeline filtered by one country, scrolled so the chips and the first entries show.
                page.goto(kinds["timeline"] + "?country=kz")
                page.evaluate("window.scrollTo(0, document.querySelector('.cajd-filter').getBoundingClientRect().top"
                              " + window.scrollY - 60)")
                page.wait_for_timeout(500)  # Material hides the tabs on scroll, with a transition
                README_IMAGE.parent.mkdir(parents=True, exist_ok=True)
                page.screenshot(path=README_IMAGE, animations="disabled")
                context.close()
                optimise(README_IMAGE)
                print(f"{README_IMAGE.relative_to(ROOT)}: {README_IMAGE.stat().st_size // 1024} KB")
            browser.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
