"""Drawn construction-site pictures with a camera's metadata, for tests and for the sample's photos.

No photo of a real place or person: sky, ground, a building whose height follows the stage of the work,
a crane. The EXIF is what a phone writes and what must never reach the public: a GPS position, the
camera's make, model and serial number, the owner's and photographer's names, and (when asked) an
orientation that turns the stored picture upright.

The sample's photos were made with `python -m tests.photofactory` (see the bottom of this file).
"""

from __future__ import annotations

import io
import random
from pathlib import Path

from PIL import Image, ImageDraw

SECRETS = {  # EXIF text that tests look for in the published files (ASCII, as EXIF stores it)
    "make": "DemoCam", "model": "Demo Phone X1", "serial": "DEMO-SN-000123",
    "owner": "Demo Owner Zhang", "artist": "Demo Photographer Li",
}
GPS = (33.6445, 115.189)  # a fake position near the sample county's seat, to prove it is stripped
_GPS_IFD, _EXIF_IFD = 0x8825, 0x8769


def site_picture(stage: float, seed: int = 0, size: tuple[int, int] = (1600, 1200)) -> Image.Image:
    """A drawn site: `stage` from 0 (foundations) to 1 (finished building), in RGB."""
    rng = random.Random(seed)
    width, height = size
    image = Image.new("RGB", size)
    draw = ImageDraw.Draw(image)
    horizon = int(height * 0.62)
    for y in range(horizon):  # sky, lighter towards the horizon
        shade = int(150 + 80 * y / horizon)
        draw.line([(0, y), (width, y)], fill=(shade - 60, shade - 20, 255))
    draw.rectangle([0, horizon, width, height], fill=(150, 120, 85))  # earth
    for _ in range(60):  # gravel and tyre marks
        x, y = rng.randrange(width), rng.randrange(horizon, height)
        draw.ellipse([x, y, x + rng.randrange(2, 30), y + rng.randrange(1, 10)], fill=(120, 95, 70))
    left, right = int(width * 0.22), int(width * 0.7)
    floors = max(1, round(10 * stage))
    floor_h = max(4, int(height * 0.045))
    inset = floor_h // 4
    for floor in range(floors):
        top = horizon - (floor + 1) * floor_h
        finished = stage >= 0.8
        draw.rectangle([left, top, right, top + floor_h], outline=(90, 90, 90), width=max(1, width // 400),
                       fill=(225, 215, 195) if finished else (170, 170, 170))
        bay = max(8, width // 23)
        for x in range(left + bay // 3, right - bay, bay):  # windows, or open bays while the frame goes up
            draw.rectangle([x, top + inset, x + bay * 4 // 7, top + floor_h - inset],
                           fill=(70, 110, 150) if finished else (60, 60, 60))
    if stage < 0.9:  # a tower crane beside the frame
        mast = int(width * 0.8)
        jib, thick = horizon - int(height * 0.55), max(2, width // 66)
        draw.rectangle([mast, jib, mast + thick, horizon], fill=(230, 180, 20))
        draw.rectangle([int(width * 0.35), jib, mast + width // 11, jib + thick], fill=(230, 180, 20))
    truck = horizon + int(height * 0.03)
    draw.rectangle([int(width * 0.05), truck, int(width * 0.18), truck + int(height * 0.06)], fill=(200, 60, 40))
    return image


def camera_exif(orientation: int = 1) -> Image.Exif:
    exif = Image.Exif()
    exif[0x010F], exif[0x0110], exif[0x013B] = SECRETS["make"], SECRETS["model"], SECRETS["artist"]
    exif[0x0112] = orientation
    details = exif.get_ifd(_EXIF_IFD)
    details[0xA430], details[0xA431] = SECRETS["owner"], SECRETS["serial"]
    details[0x9003] = "2021:10:15 10:30:00"
    gps = exif.get_ifd(_GPS_IFD)
    lat, lon = GPS
    gps[1], gps[2] = "N", (float(int(lat)), float(int(lat * 60 % 60)), round(lat * 3600 % 60, 2))
    gps[3], gps[4] = "E", (float(int(lon)), float(int(lon * 60 % 60)), round(lon * 3600 % 60, 2))
    return exif


def photo_bytes(stage: float, seed: int = 0, fmt: str = "JPEG", size: tuple[int, int] = (1600, 1200),
                sideways: bool = False) -> bytes:
    """A picture as a phone saves it. `sideways`: stored turned a quarter left, with EXIF orientation 6
    (turn right to show), as phones held upright store their photos."""
    picture = site_picture(stage, seed, size)
    if sideways:
        picture = picture.transpose(Image.Transpose.ROTATE_90)
    out = io.BytesIO()
    exif = camera_exif(6 if sideways else 1)
    if fmt == "JPEG":
        picture.save(out, "JPEG", quality=85, exif=exif)
    else:
        picture.save(out, fmt, exif=exif)
    return out.getvalue()


# The sample's photos: (file under content/media/, stage of the work, format, stored sideways)
SAMPLE = [
    ("hengyuan-food/2021-05-steel-frame.jpg", 0.35, "JPEG", False),
    ("hengyuan-food/2021-05-crane.jpg", 0.4, "JPEG", True),
    ("hengyuan-food/2021-06-roof.jpg", 0.6, "JPEG", False),
    ("hengyuan-food/2021-08-equipment.jpg", 0.85, "JPEG", False),
    ("no1-highschool/2021-06-topping-out.jpg", 0.7, "JPEG", False),
    ("no1-highschool/2021-08-facade.jpg", 0.85, "JPEG", True),
    ("no1-highschool/2021-09-grounds.png", 1.0, "PNG", False),
    ("affordable-housing/2021-06-topping-out.jpg", 0.7, "JPEG", False),
    ("affordable-housing/2021-08-decoration.jpg", 0.8, "JPEG", False),
    ("affordable-housing/2021-10-landscaping.jpg", 1.0, "JPEG", False),
]


if __name__ == "__main__":
    media = Path(__file__).resolve().parent.parent / "content" / "media"
    for number, (file, stage, fmt, sideways) in enumerate(SAMPLE):
        target = media / file
        target.parent.mkdir(parents=True, exist_ok=True)
        size = (1200, 900) if fmt == "PNG" else (1600, 1200)
        target.write_bytes(photo_bytes(stage, number, fmt, size, sideways))
        print(f"{target}: {target.stat().st_size:,} 字节")
