"""``[brand] hero`` and ``[brand] featured``: the attract screen's picture and featured tiles."""

from __future__ import annotations

from pathlib import Path

import pytest

from kiosk.config import BrandConfig, sandbox_hero
from kiosk.config.errors import ConfigError
from kiosk.config.load import load_configuration

GLOW = "510dd022-1ed8-55d6-8454-b08e64198f8b"
ALL_ACCESS = "bf9f076a-1227-52ab-860d-6bbf4a6d87cd"
THERMAL = "fcadb5c3-efdb-57b7-8e43-2e2ce49c3148"
STUDIO = "29b1eb79-f0c1-55bd-ab94-1ce760c8c2ad"


def brand_of(tmp_path: Path, body: str, environ: dict[str, str] | None = None) -> BrandConfig:
    path = tmp_path / "kiosk.toml"
    path.write_text(body)
    path.chmod(0o600)
    loaded = load_configuration(path, environ or {})
    brand = loaded.common["brand"]
    assert isinstance(brand, BrandConfig)
    return brand


def problems(tmp_path: Path, body: str, environ: dict[str, str] | None = None) -> list[str]:
    path = tmp_path / "kiosk.toml"
    path.write_text(body)
    path.chmod(0o600)
    with pytest.raises(ConfigError) as caught:
        load_configuration(path, environ or {})
    return str(caught.value).splitlines()


def test_a_hero_picture_and_featured_memberships_are_read(tmp_path: Path) -> None:
    hero = tmp_path / "lobby.JPG"
    hero.write_bytes(b"\xff\xd8\xff")  # the key checks the file is there, not its pixels
    brand = brand_of(
        tmp_path,
        f'[brand]\nhero = "{hero}"\nfeatured = ["{GLOW.upper()}", "{ALL_ACCESS}", "{GLOW}"]\n',
    )
    assert brand.hero == hero
    # Zenoti's ids compare in lower case; one asked twice is featured once, in the order given.
    assert brand.featured == (GLOW, ALL_ACCESS)


def test_the_environment_gives_them_too(tmp_path: Path) -> None:
    hero = tmp_path / "lobby.svg"
    hero.write_text("<svg xmlns='http://www.w3.org/2000/svg'/>")
    brand = brand_of(
        tmp_path,
        "",
        {"KIOSK_BRAND_HERO": str(hero), "KIOSK_BRAND_FEATURED": f"{THERMAL}, {GLOW}"},
    )
    assert brand.hero == hero
    assert brand.featured == (THERMAL, GLOW)


def test_nothing_configured_means_no_hero_and_the_catalogues_first(tmp_path: Path) -> None:
    brand = brand_of(tmp_path, '[brand]\nname = "Casa Calma"\n')
    assert brand.hero is None
    assert brand.featured == ()


def test_a_missing_hero_file_names_the_key(tmp_path: Path) -> None:
    lines = problems(tmp_path, f'[brand]\nhero = "{tmp_path / "nowhere.jpg"}"\n')
    assert len(lines) == 1
    assert lines[0].startswith("configuration error: brand.hero: expected an existing image file")


def test_a_hero_that_is_not_a_jpeg_png_or_svg_is_refused(tmp_path: Path) -> None:
    movie = tmp_path / "lobby.gif"
    movie.write_bytes(b"GIF89a")
    lines = problems(tmp_path, f'[brand]\nhero = "{movie}"\n')
    assert len(lines) == 1
    assert "brand.hero: expected a JPEG, PNG or SVG file" in lines[0]


def test_featured_takes_membership_ids_and_at_most_three(tmp_path: Path) -> None:
    not_ids = problems(tmp_path, '[brand]\nfeatured = ["Glow Monthly"]\n')
    assert "brand.featured: expected a Zenoti membership id (a UUID)" in not_ids[0]
    not_a_list = problems(tmp_path, "[brand]\nfeatured = 3\n")
    assert "brand.featured: expected a list of Zenoti membership ids" in not_a_list[0]
    four = ", ".join(f'"{i}"' for i in (GLOW, ALL_ACCESS, THERMAL, STUDIO))
    too_many = problems(tmp_path, f"[brand]\nfeatured = [{four}]\n")
    assert "brand.featured: expected at most 3 membership ids, got 4" in too_many[0]


def test_the_hero_shown_is_the_configured_one_else_the_sandboxs_own(tmp_path: Path) -> None:
    mine = tmp_path / "lobby.png"
    assert BrandConfig(hero=mine).hero_for(sandbox=True) == mine
    assert BrandConfig(hero=mine).hero_for(sandbox=False) == mine
    assert BrandConfig().hero_for(sandbox=True) == sandbox_hero()
    assert BrandConfig().hero_for(sandbox=False) is None
    assert sandbox_hero().is_file()
    assert sandbox_hero().suffix == ".svg"
