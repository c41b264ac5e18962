// Labels on SVG maps that never pile up: a LabelSpace remembers the boxes already used (dots, labels)
// and places each label at the first free spot of its candidates, inside the drawing; a label with no
// free spot is left out (the view's table or the dot's tooltip still names it).
"use strict";
let labelCanvas = null;

// The width of a text in the page's font, in the units of its font size (an SVG's user units).
CR.textWidth = function (text, size, weight = "normal") {
  labelCanvas = labelCanvas || document.createElement("canvas");
  const context = labelCanvas.getContext("2d");
  context.font = `${weight} ${size}px system-ui, "DejaVu Sans", sans-serif`;
  return context.measureText(String(text)).width;
};

CR.LabelSpace = class {
  constructor(width, height, margin = 2) { this.width = width; this.height = height; this.margin = margin; this.taken = []; }
  // Mark a box [x1, y1, x2, y2] as used (a dot, a legend).
  reserve(box) { this.taken.push(box); }
  free(box) {
    const m = this.margin;
    if (box[0] < m || box[1] < m || box[2] > this.width - m || box[3] > this.height - m) return false;
    return !this.taken.some((t) => box[0] < t[2] + m && t[0] < box[2] + m && box[1] < t[3] + m && t[1] < box[3] + m);
  }
  // The first free spot for `text` among `spots` ([x, y] of the text's left end and baseline), taken;
  // or null when none is free.
  place(text, size, spots, weight = "normal") {
    const w = CR.textWidth(text, size, weight), ascent = size * 0.8, descent = size * 0.25;
    for (const [x, y] of spots) {
      const box = [x, y - ascent, x + w, y + descent];
      if (this.free(box)) { this.reserve(box); return { x, y, box }; }
    }
    return null;
  }
  // Spots around a dot of radius r at (x, y): right, left, above, below, then the corners.
  static around(x, y, r, text, size, weight = "normal") {
    const w = CR.textWidth(text, size, weight), h = size * 0.8;
    return [[x + r + 3, y + h / 2], [x - r - 3 - w, y + h / 2], [x - w / 2, y - r - 4], [x - w / 2, y + r + h + 2],
      [x + r, y - r - 2], [x + r, y + r + h], [x - r - w, y - r - 2], [x - r - w, y + r + h]];
  }
  // Spots ever further from (x, y), in eight directions: for a label tied to its place by a leader line.
  static spiral(x, y, text, size, weight = "normal", radii = [0, 24, 48, 80, 120, 170, 230, 300, 380, 470]) {
    const w = CR.textWidth(text, size, weight), spots = [];
    for (const r of radii) {
      for (let k = 0; k < 8; k++) {
        const a = (Math.PI / 4) * k, dx = r * Math.cos(a), dy = r * Math.sin(a);
        spots.push([x + dx - (dx < -1 ? w : dx > 1 ? 0 : w / 2), y + dy + size * 0.3]);
      }
    }
    return spots;
  }
};
