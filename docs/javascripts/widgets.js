// The chapters' live widgets: each <div class="nn-widget" data-widget="NAME"> in a
// chapter becomes the widget NAME below. The maths comes from nn.js, the one
// JavaScript copy of the package's functions.
//
// Every widget works with the mouse, a finger (pointer events) and the keyboard
// (native range inputs and buttons, or arrow keys on a focused drawing); follows
// the light/dark scheme (SVG coloured by CSS variables; a canvas is redrawn when
// the scheme changes); and replaces the text that the div holds for readers
// without JavaScript. window.nnTutorialWidgets.instances[NAME] is what the tests
// read: each widget's last computed numbers, in `state`.
(function () {
  "use strict";

  const nn = window.nnTutorial.nn;
  const drawingPad = window.nnTutorial.drawingPad; // pad.js
  const { sigmoid, sigmoidPrime, relu, reluPrime } = nn;
  const SCRIPT = document.currentScript.src; // the worker and the data sit beside it
  const SVG = "http://www.w3.org/2000/svg";

  // -- Small helpers ------------------------------------------------------------------

  function el(tag, attributes = {}, ...children) {
    const element = document.createElement(tag);
    for (const [key, value] of Object.entries(attributes)) element.setAttribute(key, value);
    element.append(...children);
    return element;
  }
  function svg(tag, attributes = {}, ...children) {
    const element = document.createElementNS(SVG, tag);
    for (const [key, value] of Object.entries(attributes)) element.setAttribute(key, value);
    element.append(...children);
    return element;
  }
  // Numbers as the chapters print them: a real minus sign, fixed decimals.
  const fmt = (value, digits = 2) =>
    (Object.is(Math.round(value * 10 ** digits), -0) ? 0 : value)
      .toFixed(digits).replace("-", "−");
  const clamp = (value, low, high) => Math.min(high, Math.max(low, value));

  // A labelled range input; `onInput(value)` runs on every change.
  function slider({ label, min, max, step, value, onInput, name }) {
    const input = el("input", {
      type: "range", min, max, step, value, "aria-label": label, "data-name": name,
    });
    const output = el("output", {}, fmt(value, 2));
    input.addEventListener("input", () => {
      output.textContent = fmt(Number(input.value), 2);
      onInput(Number(input.value));
    });
    const row = el("label", { class: "nn-widget__slider" },
      el("span", { class: "nn-widget__name" }), input, output);
    row.firstChild.innerHTML = name; // names hold <sub> tags, written below only
    return { row, input, output };
  }

  // A neuron's weight on an edge: blue for positive, red for negative, wider when
  // larger (as nn_tutorial.plots draws it).
  function styleEdge(line, w, largest = 3) {
    line.setAttribute("class", `nn-widget__edge ${w >= 0 ? "is-positive" : "is-negative"}`);
    line.setAttribute("stroke-width", (0.5 + (3.5 * Math.min(Math.abs(w), largest)) / largest).toFixed(2));
  }

  // A plot's mapping from data to SVG coordinates.
  function axes(width, height, [x0, x1], [y0, y1], margin = 30) {
    const sx = (x) => margin + ((x - x0) / (x1 - x0)) * (width - 1.5 * margin);
    const sy = (y) => height - margin + ((y - y0) / (y1 - y0)) * (1.5 * margin - height);
    const invertX = (px) => x0 + ((px - margin) / (width - 1.5 * margin)) * (x1 - x0);
    return { sx, sy, invertX };
  }
  const pathOf = (points) =>
    points.map(([x, y], i) => `${i ? "L" : "M"}${x.toFixed(1)},${y.toFixed(1)}`).join("");

  // -- Chapter 1: one neuron ------------------------------------------------------------

  // Sliders for four weights, the bias and four inputs; z = w · x + b, a = σ(z), a
  // drawing of the neuron, and the bias as a threshold on the weighted sum w · x.
  function oneNeuron(root) {
    const state = { w: [-1, 2, 2, -1], b: -2.5, x: [0, 0.8, 1, 0.2], z: 0, a: 0 };
    const W = 320, H = 190;
    const drawing = svg("svg", {
      viewBox: `0 0 ${W} ${H}`, class: "nn-widget__svg", role: "img",
      "aria-label": "The neuron: four inputs joined to one neuron by weighted edges",
    });
    const inputs = state.x.map((_, i) => {
      const y = 25 + i * 45;
      const edge = svg("line", { x1: 50, y1: y, x2: 230, y2: 95 });
      const circle = svg("circle", { cx: 35, cy: y, r: 15, class: "nn-widget__unit" });
      const label = svg("text", { x: 8, y: y + 4, class: "nn-widget__label" });
      // the weight's label sits on its edge, a third of the way along
      const weight = svg("text", { x: 95, y: y + (95 - y) * 0.3 - 5, class: "nn-widget__label" });
      drawing.append(edge, circle, label, weight);
      return { edge, circle, label, weight };
    });
    const output = svg("circle", { cx: 250, cy: 95, r: 20, class: "nn-widget__unit" });
    const zText = svg("text", { x: 250, y: 140, class: "nn-widget__label", "text-anchor": "middle" });
    const aText = svg("text", { x: 250, y: 158, class: "nn-widget__label", "text-anchor": "middle" });
    const bText = svg("text", { x: 250, y: 63, class: "nn-widget__label", "text-anchor": "middle" });
    drawing.append(output, zText, aText, bText);

    // The bias story: a = σ(w · x + b) against the weighted sum w · x. The neuron
    // switches on around w · x = −b: dragging b moves that threshold.
    const PW = 320, PH = 150, S = [-8, 8];
    const { sx, sy } = axes(PW, PH, S, [0, 1], 24);
    const curve = svg("path", { class: "nn-widget__curve" });
    const threshold = svg("line", { y1: sy(0), y2: sy(1), class: "nn-widget__threshold" });
    const thresholdText = svg("text", { y: sy(1) - 4, class: "nn-widget__label", "text-anchor": "middle" });
    const dot = svg("circle", { r: 5, class: "nn-widget__dot" });
    const bias = svg("svg", {
      viewBox: `0 0 ${PW} ${PH}`, class: "nn-widget__svg", role: "img",
      "aria-label": "The activation against the weighted sum w·x: the bias moves the threshold",
    },
    svg("line", { x1: sx(S[0]), x2: sx(S[1]), y1: sy(0), y2: sy(0), class: "nn-widget__axis" }),
    svg("line", { x1: sx(0), x2: sx(0), y1: sy(0), y2: sy(1), class: "nn-widget__axis" }),
    svg("text", { x: sx(S[1]), y: sy(0) + 16, class: "nn-widget__label", "text-anchor": "end" }, "w·x"),
    svg("text", { x: sx(0) + 4, y: sy(1) + 10, class: "nn-widget__label" }, "a"),
    curve, threshold, thresholdText, dot);

    const sum = el("p", { class: "nn-widget__formula" });
    const activation = el("p", { class: "nn-widget__formula" });
    const story = el("p", { class: "nn-widget__note", "aria-live": "polite" });

    const sliders = el("div", { class: "nn-widget__sliders" });
    state.w.forEach((w, i) => sliders.append(slider({
      label: `weight w${i + 1}`, name: `w<sub>${i + 1}</sub>`, min: -3, max: 3, step: 0.1, value: w,
      onInput: (v) => { state.w[i] = v; update(); },
    }).row));
    sliders.append(slider({
      label: "bias b", name: "b", min: -6, max: 6, step: 0.1, value: state.b,
      onInput: (v) => { state.b = v; update(); },
    }).row);
    state.x.forEach((x, i) => sliders.append(slider({
      label: `input x${i + 1}`, name: `x<sub>${i + 1}</sub>`, min: 0, max: 1, step: 0.05, value: x,
      onInput: (v) => { state.x[i] = v; update(); },
    }).row));

    root.replaceChildren(
      el("div", { class: "nn-widget__panel" }, sliders),
      el("div", { class: "nn-widget__panel" }, drawing, sum, activation, bias, story));

    function update() {
      const { w, b, x } = state;
      const wx = w.reduce((total, wi, i) => total + wi * x[i], 0);
      state.z = nn.weightedSums(w, [b], x, 1, 4)[0]; // z = w · x + b
      state.a = sigmoid(state.z);
      inputs.forEach(({ edge, circle, label, weight }, i) => {
        styleEdge(edge, w[i]);
        circle.style.setProperty("--ink", x[i]);
        label.textContent = `x${i + 1}`;
        weight.textContent = `w${i + 1} = ${fmt(w[i], 1)}`;
      });
      output.style.setProperty("--ink", state.a);
      zText.textContent = `z = ${fmt(state.z)}`;
      aText.textContent = `a = σ(z) = ${fmt(state.a)}`;
      bText.textContent = `b = ${fmt(b, 1)}`;
      const terms = w.map((wi, i) => `(${fmt(wi, 1)})(${fmt(x[i])})`).join(" + ");
      sum.textContent = `z = w·x + b = ${terms} + (${fmt(b, 1)}) = ${fmt(state.z, 4)}`;
      activation.textContent = `a = σ(z) = 1 / (1 + e^(−z)) = ${fmt(state.a, 4)}`;
      const points = [];
      for (let s = S[0]; s <= S[1] + 1e-9; s += 0.25) points.push([sx(s), sy(sigmoid(s + b))]);
      curve.setAttribute("d", pathOf(points));
      const t = clamp(-b, S[0], S[1]);
      threshold.setAttribute("x1", sx(t));
      threshold.setAttribute("x2", sx(t));
      thresholdText.setAttribute("x", sx(t));
      thresholdText.textContent = `−b = ${fmt(-b, 1)}`;
      dot.setAttribute("cx", sx(clamp(wx, S[0], S[1])));
      dot.setAttribute("cy", sy(sigmoid(clamp(wx, S[0], S[1]) + b)));
      story.textContent = `The neuron lights up (a > 0.5) once the weighted sum w·x passes −b = ` +
        `${fmt(-b, 1)}. Here w·x = ${fmt(wx)}: ` +
        (wx + b > 0 ? "above the threshold, a > 0.5." : "below the threshold, a < 0.5.");
    }
    update();
    return { state, update };
  }

  // -- Chapter 8: squish ----------------------------------------------------------------

  // σ and ReLU on shared axes; drag z (or use the slider or arrow keys) to read off
  // each value and slope. Shaded: where σ saturates (σ'(z) < 0.02, under a
  // twelfth of its largest slope) and where ReLU is flat (ReLU'(z) = 0).
  const SATURATED_SLOPE = 0.02;
  function squish(root) {
    const state = { z: 1, sigma: 0, sigmaPrime: 0, relu: 0, reluPrime: 0 };
    const W = 360, H = 250, Z = [-6, 6], Y = [-0.25, 2];
    const { sx, sy, invertX } = axes(W, H, Z, Y, 30);
    // σ'(z) = s (1 − s) = c at s = (1 − √(1 − 4c)) / 2, i.e. |z| = ln((1 − s) / s).
    const s = (1 - Math.sqrt(1 - 4 * SATURATED_SLOPE)) / 2;
    const edge = Math.log((1 - s) / s);
    const band = (z0, z1, className) =>
      svg("rect", { x: sx(z0), width: sx(z1) - sx(z0), y: sy(Y[1]), height: sy(Y[0]) - sy(Y[1]), class: className });
    const curvePoints = (f) => {
      const points = [];
      for (let z = Z[0]; z <= Z[1] + 1e-9; z += 0.05) points.push([sx(z), sy(clamp(f(z), Y[0], Y[1]))]);
      return pathOf(points);
    };
    const tangentSigma = svg("line", { class: "nn-widget__tangent is-sigma" });
    const tangentRelu = svg("line", { class: "nn-widget__tangent is-relu" });
    const marker = svg("line", { y1: sy(Y[0]), y2: sy(Y[1]), class: "nn-widget__threshold" });
    const dotSigma = svg("circle", { r: 5, class: "nn-widget__dot is-sigma" });
    const dotRelu = svg("circle", { r: 5, class: "nn-widget__dot is-relu" });
    const plot = svg("svg", {
      viewBox: `0 0 ${W} ${H}`, class: "nn-widget__svg nn-widget__drag", role: "img",
      "aria-label": "σ(z) and ReLU(z) on shared axes; drag to move z",
    },
    band(Z[0], -edge, "nn-widget__band"), band(edge, Z[1], "nn-widget__band"),
    svg("text", { x: sx(-edge) - 4, y: sy(1.9), class: "nn-widget__label", "text-anchor": "end" }, "σ saturated"),
    svg("text", { x: sx(edge) + 4, y: sy(1.9), class: "nn-widget__label" }, "σ saturated"),
    svg("line", { x1: sx(Z[0]), x2: sx(0), y1: sy(-0.12), y2: sy(-0.12), class: "nn-widget__dead" }),
    svg("text", { x: sx(-3), y: sy(0.35), class: "nn-widget__label is-relu", "text-anchor": "middle" }, "ReLU′ = 0 below z = 0"),
    svg("line", { x1: sx(Z[0]), x2: sx(Z[1]), y1: sy(0), y2: sy(0), class: "nn-widget__axis" }),
    svg("line", { x1: sx(0), x2: sx(0), y1: sy(Y[0]), y2: sy(Y[1]), class: "nn-widget__axis" }),
    svg("line", { x1: sx(Z[0]), x2: sx(Z[1]), y1: sy(1), y2: sy(1), class: "nn-widget__grid" }),
    svg("text", { x: sx(0) - 4, y: sy(1) + 4, class: "nn-widget__label", "text-anchor": "end" }, "1"),
    svg("text", { x: sx(Z[1]), y: sy(0) + 16, class: "nn-widget__label", "text-anchor": "end" }, "z"),
    svg("path", { d: curvePoints(sigmoid), class: "nn-widget__curve is-sigma" }),
    svg("path", { d: curvePoints(relu), class: "nn-widget__curve is-relu" }),
    svg("text", { x: sx(-5.8), y: sy(0.1) - 8, class: "nn-widget__label is-sigma" }, "σ(z)"),
    svg("text", { x: sx(2.2), y: sy(1.75), class: "nn-widget__label is-relu" }, "ReLU(z)"),
    tangentSigma, tangentRelu, marker, dotSigma, dotRelu);

    const zSlider = slider({
      label: "z, the weighted sum", name: "z", min: Z[0], max: Z[1], step: 0.1, value: state.z,
      onInput: (v) => { state.z = v; update(); },
    });
    const table = el("table", { class: "nn-widget__table" });
    root.replaceChildren(
      el("div", { class: "nn-widget__panel" }, plot, zSlider.row),
      el("div", { class: "nn-widget__panel" }, table));

    function setZ(z) {
      z = Math.round(clamp(z, Z[0], Z[1]) * 10) / 10;
      zSlider.input.value = z;
      zSlider.output.textContent = fmt(z);
      state.z = z;
      update();
    }
    // Dragging on the plot moves z; the pointer is captured so a drag may leave it.
    let dragging = null;
    const zAt = (event) => {
      const box = plot.getBoundingClientRect();
      return invertX(((event.clientX - box.left) * W) / box.width);
    };
    plot.addEventListener("pointerdown", (event) => {
      dragging = event.pointerId;
      plot.setPointerCapture(event.pointerId);
      setZ(zAt(event));
    });
    plot.addEventListener("pointermove", (event) => {
      if (event.pointerId === dragging) setZ(zAt(event));
    });
    for (const type of ["pointerup", "pointercancel"]) {
      plot.addEventListener(type, () => (dragging = null));
    }

    function tangent(line, f, slope, z) {
      const half = 1.2; // draw the tangent over z ± 1.2
      line.setAttribute("x1", sx(z - half));
      line.setAttribute("x2", sx(z + half));
      line.setAttribute("y1", sy(clamp(f - slope * half, Y[0], Y[1])));
      line.setAttribute("y2", sy(clamp(f + slope * half, Y[0], Y[1])));
    }
    function update() {
      const { z } = state;
      state.sigma = sigmoid(z);
      state.sigmaPrime = sigmoidPrime(z);
      state.relu = relu(z);
      state.reluPrime = reluPrime(z);
      marker.setAttribute("x1", sx(z));
      marker.setAttribute("x2", sx(z));
      dotSigma.setAttribute("cx", sx(z));
      dotSigma.setAttribute("cy", sy(state.sigma));
      dotRelu.setAttribute("cx", sx(z));
      dotRelu.setAttribute("cy", sy(clamp(state.relu, Y[0], Y[1])));
      tangent(tangentSigma, state.sigma, state.sigmaPrime, z);
      tangent(tangentRelu, state.relu, state.reluPrime, z);
      const saturated = Math.abs(z) > edge ? " (saturated: σ barely moves)" : "";
      table.replaceChildren(
        el("caption", {}, `At z = ${fmt(z, 1)}`),
        el("tr", {}, el("th", {}, ""), el("th", {}, "value"), el("th", {}, "slope")),
        el("tr", { class: "is-sigma" }, el("th", {}, "sigmoid"),
          el("td", {}, `σ(z) = ${fmt(state.sigma, 4)}`),
          el("td", {}, `σ′(z) = ${fmt(state.sigmaPrime, 4)}${saturated}`)),
        el("tr", { class: "is-relu" }, el("th", {}, "ReLU"),
          el("td", {}, `ReLU(z) = ${fmt(state.relu, 4)}`),
          el("td", {}, `ReLU′(z) = ${fmt(state.reluPrime, 0)}`)));
    }
    update();
    return { state, update, setZ };
  }

  // -- Chapter 7: matrix ----------------------------------------------------------------

  // The chapter's small layer: W (3 x 4), a (4), b (3). Hover or focus an entry
  // w_{j,k} and the edge from a_k to a'_j lights up; edit a and W a + b follows.
  function matrix(root) {
    const state = {
      W: [[1.0, -0.5, 2.0, 0.0], [-1.0, 1.5, 0.5, -2.0], [0.5, 0.5, -1.0, 1.0]],
      a: [0.0, 0.5, 1.0, 0.2],
      b: [-1.0, 0.5, 0.0],
      z: [], aNext: [], focused: null,
    };
    const n = 3, m = 4;
    const Wflat = () => state.W.flat();
    // The network drawing: a_k on the left, a'_j on the right, one edge per weight.
    const DW = 260, DH = 200;
    const yIn = (k) => 30 + k * 46, yOut = (j) => 50 + j * 50;
    const drawing = svg("svg", {
      viewBox: `0 0 ${DW} ${DH}`, class: "nn-widget__svg", role: "img",
      "aria-label": "The layer as a network: every weight w_j,k is the edge from a_k to a'_j",
    });
    const edges = state.W.map((row, j) => row.map((w, k) => {
      const line = svg("line", { x1: 50, y1: yIn(k), x2: 200, y2: yOut(j) });
      drawing.append(line);
      return line;
    }));
    const inCircles = state.a.map((_, k) => {
      const c = svg("circle", { cx: 35, cy: yIn(k), r: 14, class: "nn-widget__unit" });
      drawing.append(c, svg("text", { x: 4, y: yIn(k) + 4, class: "nn-widget__label" }, `a${k}`));
      return c;
    });
    const outCircles = state.b.map((_, j) => {
      const c = svg("circle", { cx: 215, cy: yOut(j), r: 14, class: "nn-widget__unit" });
      drawing.append(c, svg("text", { x: 233, y: yOut(j) + 4, class: "nn-widget__label" }, `a′${j}`));
      return c;
    });

    const cells = state.W.map((row, j) => row.map((w, k) => {
      const cell = el("td", {
        tabindex: "0", class: "nn-widget__entry", "data-j": j, "data-k": k,
        "aria-label": `w ${j},${k} = ${fmt(w, 1)}: the weight from a ${k} to a′ ${j}`,
      }, fmt(w, 1));
      for (const type of ["pointerenter", "focus"]) cell.addEventListener(type, () => focus(j, k));
      cell.addEventListener("pointerleave", () => document.activeElement !== cell && focus(null));
      cell.addEventListener("blur", () => focus(null));
      return cell;
    }));
    const aInputs = state.a.map((value, k) => {
      const input = el("input", {
        type: "number", min: 0, max: 1, step: 0.1, value, class: "nn-widget__number",
        "aria-label": `a ${k}, activation ${k} of the layer before`,
      });
      input.addEventListener("input", () => {
        const v = Number(input.value);
        if (input.value !== "" && Number.isFinite(v)) {
          state.a[k] = v;
          update();
        }
      });
      return input;
    });
    const zCells = state.b.map(() => el("td", { class: "nn-widget__result" }));
    const aCells = state.b.map(() => el("td", { class: "nn-widget__result" }));
    const bracket = (rows) => el("table", { class: "nn-widget__matrix" }, ...rows);
    const table = el("div", { class: "nn-widget__product" },
      el("div", {}, el("div", { class: "nn-widget__head" }, "W"),
        bracket(cells.map((row) => el("tr", {}, ...row)))),
      el("div", {}, el("div", { class: "nn-widget__head" }, "a (edit)"),
        bracket(aInputs.map((input) => el("tr", {}, el("td", {}, input))))),
      el("div", {}, el("div", { class: "nn-widget__head" }, "b"),
        bracket(state.b.map((b) => el("tr", {}, el("td", {}, fmt(b, 1)))))),
      el("div", {}, el("div", { class: "nn-widget__head" }, "W a + b"),
        bracket(zCells.map((c) => el("tr", {}, c)))),
      el("div", {}, el("div", { class: "nn-widget__head" }, "a′ = σ(W a + b)"),
        bracket(aCells.map((c) => el("tr", {}, c)))));
    const note = el("p", { class: "nn-widget__note", "aria-live": "polite" });
    root.replaceChildren(
      el("div", { class: "nn-widget__panel" }, table, note),
      el("div", { class: "nn-widget__panel" }, drawing));

    function focus(j, k) {
      state.focused = j === null ? null : [j, k];
      cells.flat().forEach((cell) => cell.classList.remove("is-focused", "is-row"));
      edges.flat().forEach((line) => line.classList.remove("is-lit"));
      zCells.forEach((c) => c.classList.remove("is-row"));
      if (j === null) {
        drawing.classList.remove("has-focus");
        note.textContent = "Hover over or tab to an entry of W to see its connection.";
        return;
      }
      drawing.classList.add("has-focus");
      cells[j].forEach((cell) => cell.classList.add("is-row"));
      cells[j][k].classList.add("is-focused");
      edges[j][k].classList.add("is-lit");
      zCells[j].classList.add("is-row");
      const w = state.W[j][k];
      note.textContent = `w${j},${k} = ${fmt(w, 1)} joins a${k} to a′${j}: row ${j} of W ` +
        `holds neuron ${j}'s weights, column ${k} the weights from a${k}. It adds ` +
        `w${j},${k} · a${k} = ${fmt(w, 1)} × ${fmt(state.a[k])} = ${fmt(w * state.a[k], 4)} ` +
        `to (W a + b)${j}.`;
    }
    function update() {
      state.z = Array.from(nn.weightedSums(Wflat(), state.b, state.a, n, m));
      state.aNext = state.z.map(sigmoid);
      zCells.forEach((c, j) => (c.textContent = fmt(state.z[j], 4)));
      aCells.forEach((c, j) => (c.textContent = fmt(state.aNext[j], 4)));
      inCircles.forEach((c, k) => c.style.setProperty("--ink", clamp(state.a[k], 0, 1)));
      outCircles.forEach((c, j) => c.style.setProperty("--ink", state.aNext[j]));
      state.W.forEach((row, j) => row.forEach((w, k) => styleEdge(edges[j][k], w, 2)));
      if (state.focused) focus(...state.focused);
    }
    update();
    focus(null);
    return { state, update, focus };
  }

  // -- Chapter 6: downhill ----------------------------------------------------------------

  // A real cost over two parameters: one sigmoid neuron, a = σ(w x + b), on five
  // points, with chapter 6's cost C(w, b) = 1/n Σ (σ(w x_i + b) − y_i)², computed
  // exactly. Click a start; Step runs gradient descent, (w, b) ← (w, b) − η ∇C.
  const DOWNHILL = {
    x: [-2, -1, 0, 1, 2],
    y: [0.05, 0.2, 0.6, 0.85, 0.9],
    w: [-4, 6],
    b: [-5, 5],
    start: [4.5, -3],
  };
  // C(w, b) and its gradient: with δ = ∂(a − y)²/∂z = 2 (a − y) σ'(z) for each
  // point, ∂C/∂w = mean(δ x) and ∂C/∂b = mean(δ). (Network([1, 1]).backprop gives
  // half of it: the package's QuadraticCost is ½ (a − y)².)
  function costAndGradient(w, b, { x, y } = DOWNHILL) {
    let cost = 0, dw = 0, db = 0;
    for (let i = 0; i < x.length; i++) {
      const z = w * x[i] + b, a = sigmoid(z);
      const delta = 2 * (a - y[i]) * sigmoidPrime(z);
      cost += (a - y[i]) ** 2;
      dw += delta * x[i];
      db += delta;
    }
    const n = x.length;
    return { cost: cost / n, gradient: [dw / n, db / n] };
  }

  function downhill(root) {
    const state = { path: [DOWNHILL.start.slice()], rate: 20, costs: [] };
    const SIZE = 320, GRID = 160;
    const canvas = el("canvas", {
      width: SIZE, height: SIZE, tabindex: "0", class: "nn-widget__map nn-widget__drag",
      role: "application",
      "aria-label": "Cost map over w (across) and b (up). Click to choose a start, or " +
        "move it with the arrow keys; Enter takes a step.",
    });
    const ctx = canvas.getContext("2d");
    const toPixel = ([w, b]) => [
      ((w - DOWNHILL.w[0]) / (DOWNHILL.w[1] - DOWNHILL.w[0])) * SIZE,
      SIZE - ((b - DOWNHILL.b[0]) / (DOWNHILL.b[1] - DOWNHILL.b[0])) * SIZE,
    ];
    const fromPixel = ([px, py]) => [
      DOWNHILL.w[0] + (px / SIZE) * (DOWNHILL.w[1] - DOWNHILL.w[0]),
      DOWNHILL.b[0] + ((SIZE - py) / SIZE) * (DOWNHILL.b[1] - DOWNHILL.b[0]),
    ];
    // The cost on a grid, once: bands of equal cost (on a log scale) show the
    // contours.
    const costs = new Float64Array(GRID * GRID);
    for (let r = 0; r < GRID; r++) {
      for (let c = 0; c < GRID; c++) {
        const [w, b] = fromPixel([((c + 0.5) * SIZE) / GRID, ((r + 0.5) * SIZE) / GRID]);
        costs[r * GRID + c] = costAndGradient(w, b).cost;
      }
    }
    const logs = costs.map(Math.log);
    const low = Math.min(...logs), high = Math.max(...logs);
    const LEVELS = 14;
    const level = (v) => Math.min(LEVELS - 1, Math.floor(((Math.log(v) - low) / (high - low)) * LEVELS));

    const rate = slider({
      label: "learning rate η", name: "η", min: 1, max: 150, step: 1, value: state.rate,
      onInput: (v) => { state.rate = v; },
    });
    const step = el("button", { type: "button", class: "nn-widget__button" }, "Step");
    const steps = el("button", { type: "button", class: "nn-widget__button" }, "10 steps");
    const reset = el("button", { type: "button", class: "nn-widget__button" }, "Clear path");
    step.addEventListener("click", () => takeSteps(1));
    steps.addEventListener("click", () => takeSteps(10));
    reset.addEventListener("click", () => setStart(state.path[0]));
    const readout = el("p", { class: "nn-widget__formula", "aria-live": "polite" });
    root.replaceChildren(
      el("div", { class: "nn-widget__panel" },
        el("div", { class: "nn-widget__frame" }, canvas),
        el("p", { class: "nn-widget__note" }, "w across, b up: the stronger the colour, the lower the cost.")),
      el("div", { class: "nn-widget__panel" },
        rate.row, el("div", { class: "nn-widget__buttons" }, step, steps, reset), readout));

    function setStart(point) {
      state.path = [[clamp(point[0], ...DOWNHILL.w), clamp(point[1], ...DOWNHILL.b)]];
      render();
    }
    function takeSteps(count) {
      for (let i = 0; i < count; i++) {
        const [w, b] = state.path.at(-1);
        const { gradient: [dw, db] } = costAndGradient(w, b);
        state.path.push([w - state.rate * dw, b - state.rate * db]); // w ← w − η ∂C/∂w
      }
      render();
    }
    canvas.addEventListener("pointerdown", (event) => {
      const box = canvas.getBoundingClientRect();
      setStart(fromPixel([
        ((event.clientX - box.left) * SIZE) / box.width,
        ((event.clientY - box.top) * SIZE) / box.height,
      ]));
    });
    canvas.addEventListener("keydown", (event) => {
      const moves = { ArrowLeft: [-0.25, 0], ArrowRight: [0.25, 0], ArrowUp: [0, 0.25], ArrowDown: [0, -0.25] };
      if (moves[event.key]) {
        const [w, b] = state.path[0];
        setStart([w + moves[event.key][0], b + moves[event.key][1]]);
      } else if (event.key === "Enter" || event.key === " ") {
        takeSteps(1);
      } else {
        return;
      }
      event.preventDefault();
    });

    function colours() {
      const style = getComputedStyle(root);
      return {
        ink: style.getPropertyValue("--nn-map-ink").trim() || "31 111 180",
        path: style.getPropertyValue("--nn-map-path").trim() || "#c4452f",
      };
    }
    function render() {
      const { ink, path } = colours();
      const cell = SIZE / GRID;
      for (let r = 0; r < GRID; r++) {
        for (let c = 0; c < GRID; c++) {
          const v = level(costs[r * GRID + c]);
          ctx.fillStyle = `rgb(${ink} / ${(0.85 - (0.8 * v) / (LEVELS - 1)).toFixed(3)})`;
          ctx.clearRect(c * cell, r * cell, cell, cell);
          ctx.fillRect(c * cell, r * cell, cell, cell);
        }
      }
      const points = state.path.map(toPixel);
      ctx.strokeStyle = ctx.fillStyle = path;
      ctx.lineWidth = 2;
      ctx.beginPath();
      points.forEach(([x, y], i) => (i ? ctx.lineTo(x, y) : ctx.moveTo(x, y)));
      ctx.stroke();
      points.forEach(([x, y], i) => {
        ctx.beginPath();
        ctx.arc(x, y, i ? 3 : 5, 0, 2 * Math.PI);
        ctx.fill();
      });
      state.costs = state.path.map(([w, b]) => costAndGradient(w, b).cost);
      const [w, b] = state.path.at(-1);
      const { cost, gradient } = costAndGradient(w, b);
      const previous = state.costs.at(-2);
      readout.textContent = `step ${state.path.length - 1}: w = ${fmt(w, 3)}, b = ${fmt(b, 3)}, ` +
        `C(w, b) = ${fmt(cost, 5)}, ∇C = (${fmt(gradient[0], 4)}, ${fmt(gradient[1], 4)})` +
        (previous !== undefined && cost > previous ? ". The cost went up: the step overshot." : ".");
    }
    // Redraw when the reader switches between the light and dark schemes.
    new MutationObserver(render).observe(document.body, {
      attributes: true, attributeFilter: ["data-md-color-scheme"],
    });
    render();
    return { state, setStart, takeSteps, costAndGradient };
  }



  // -- Chapter 4: edge detector -----------------------------------------------------------

  // The reader draws on a pad; its ink, averaged in 10 x 10 blocks, is the 28 x 28
  // image x. The chosen detector of chapter 4 (edges.bin, written at build time by
  // nn_tutorial.export.detectors_to_bytes from nn_tutorial.edges.edge_detector) is
  // drawn over it, and its weighted sum, threshold and activation follow live.
  const PAD = 280, SIDE = 28, BLOCK = 10;
  async function loadEdges() {
    const response = await fetch(new URL("../assets/nn-tutorial/edges.bin", SCRIPT));
    if (!response.ok) throw new Error(`edges.bin answered HTTP ${response.status}`);
    const { header, arrays } = nn.parseArrays(await response.arrayBuffer(), "NNTE");
    return header.detectors.map((detector, i) => ({
      ...detector,
      w: arrays.weights.subarray(784 * i, 784 * (i + 1)),
      b: arrays.biases[i],
    }));
  }
  function edge(root) {
    const state = { detector: 0, alpha: null, input: null, strip: 0, beside: 0, wx: 0, z: 0, a: 0, cursor: [8, 14] };
    const api = { state };
    root.replaceChildren(el("p", { class: "nn-widget__note" }, "Loading the detectors…"));
    api.ready = Promise.all([loadEdges(), nn.loadNetwork(new URL("../assets/nn-tutorial/network.bin", SCRIPT))])
      .then(([detectors, network]) => build(detectors, network));

    function build(detectors, network) {
      const pad = el("canvas", {
        width: PAD, height: PAD, class: "nn-widget__pad nn-widget__drag", tabindex: "0",
        role: "application",
        "aria-label": "Drawing pad, 28 by 28 pixels. Draw with the mouse or a finger; " +
          "or move the cursor with the arrow keys and ink a pixel with Space.",
      });
      const ctx = pad.getContext("2d", { willReadFrequently: true });
      Object.assign(ctx, { lineWidth: 24, lineCap: "round", lineJoin: "round", strokeStyle: "#000", fillStyle: "#000" });
      const overlay = el("canvas", { width: SIDE, height: SIDE, class: "nn-widget__overlay", "aria-hidden": "true" });
      const cursorBox = el("div", { class: "nn-widget__cursor", "aria-hidden": "true" });
      const select = el("select", { class: "nn-widget__select", "aria-label": "Detector" },
        ...detectors.map((d, i) => el("option", { value: i },
          `${d.orientation} at row ${d.position[0]}, column ${d.position[1]}`)));
      const showWeights = el("input", { type: "checkbox", checked: "" });
      const clear = el("button", { type: "button", class: "nn-widget__button" }, "Clear");
      const examples = Array.from(network.labels, (label, index) => {
        const button = el("button", { type: "button", class: "nn-widget__button",
          "aria-label": `Load an MNIST test digit ${label}` }, String(label));
        button.addEventListener("click", () => loadExample(index));
        return button;
      });
      const sums = el("p", { class: "nn-widget__formula" });
      const activation = el("p", { class: "nn-widget__formula" });
      const story = el("p", { class: "nn-widget__note", "aria-live": "polite" });
      // the threshold: w·x against -b, as in chapter 1's widget
      const MW = 320, MH = 120, S = [-30, 30];
      const { sx, sy } = axes(MW, MH, S, [0, 1], 22);
      const curve = svg("path", { class: "nn-widget__curve" });
      const threshold = svg("line", { y1: sy(0), y2: sy(1), class: "nn-widget__threshold" });
      const thresholdText = svg("text", { y: sy(1) - 4, class: "nn-widget__label", "text-anchor": "middle" });
      const dot = svg("circle", { r: 5, class: "nn-widget__dot" });
      const meter = svg("svg", { viewBox: `0 0 ${MW} ${MH}`, class: "nn-widget__svg", role: "img",
        "aria-label": "The activation against the net ink w·x, with the threshold −b" },
      svg("line", { x1: sx(S[0]), x2: sx(S[1]), y1: sy(0), y2: sy(0), class: "nn-widget__axis" }),
      svg("text", { x: sx(S[1]), y: sy(0) + 16, class: "nn-widget__label", "text-anchor": "end" }, "w·x"),
      curve, threshold, thresholdText, dot);

      root.replaceChildren(
        el("div", { class: "nn-widget__panel" },
          el("div", { class: "nn-widget__stack" }, el("div", { class: "nn-widget__paper" }, pad), overlay, cursorBox),
          el("div", { class: "nn-widget__buttons" }, clear,
            el("label", { class: "nn-widget__check" }, showWeights, " show the weights")),
          el("div", { class: "nn-widget__buttons nn-widget__examples", role: "group",
            "aria-label": "Load an MNIST test digit" }, el("span", { class: "nn-widget__note" }, "MNIST test digits:"), ...examples)),
        el("div", { class: "nn-widget__panel" },
          el("label", { class: "nn-widget__check" }, "Detector: ", select),
          sums, activation, meter, story));

      function drawOverlay() {
        const { w } = detectors[state.detector];
        const image = new ImageData(SIDE, SIDE);
        const colours = getComputedStyle(root);
        const rgb = (name) => colours.getPropertyValue(name).trim().split(/\s+/).map(Number);
        const positive = rgb("--nn-positive"), negative = rgb("--nn-negative");
        for (let i = 0; i < 784; i++) {
          if (w[i] !== 0) image.data.set([...(w[i] > 0 ? positive : negative), 110], 4 * i);
        }
        overlay.getContext("2d").putImageData(image, 0, 0);
        overlay.hidden = !showWeights.checked;
      }
      function update() {
        const pixels = ctx.getImageData(0, 0, PAD, PAD).data;
        const alpha = new Uint8Array(PAD * PAD);
        for (let i = 0; i < alpha.length; i++) alpha[i] = pixels[4 * i + 3];
        // x: each pixel of the 28 x 28 image is the mean ink of a 10 x 10 block
        const input = new Float64Array(784);
        for (let r = 0; r < PAD; r++) {
          for (let c = 0; c < PAD; c++) input[SIDE * Math.floor(r / BLOCK) + Math.floor(c / BLOCK)] += alpha[r * PAD + c];
        }
        for (let i = 0; i < 784; i++) input[i] /= 255 * BLOCK * BLOCK;
        const { w, b } = detectors[state.detector];
        let strip = 0, beside = 0;
        for (let i = 0; i < 784; i++) {
          if (w[i] > 0) strip += w[i] * input[i];
          else if (w[i] < 0) beside -= w[i] * input[i];
        }
        Object.assign(state, { alpha, input, strip, beside });
        state.z = nn.weightedSums(w, [b], input, 1, 784)[0]; // z = w · x + b
        state.wx = state.z - b;
        state.a = sigmoid(state.z);
        sums.textContent = `z = w·x + b = (ink on the strip) − (ink beside it) + b = ` +
          `${fmt(strip)} − ${fmt(beside)} + (${fmt(b, 1)}) = ${fmt(state.z)}`;
        activation.textContent = `a = σ(z) = ${fmt(state.a, 3)}`;
        const points = [];
        for (let t = S[0]; t <= S[1] + 1e-9; t += 0.5) points.push([sx(t), sy(sigmoid(t + b))]);
        curve.setAttribute("d", pathOf(points));
        threshold.setAttribute("x1", sx(-b));
        threshold.setAttribute("x2", sx(-b));
        thresholdText.setAttribute("x", sx(-b));
        thresholdText.textContent = `−b = ${fmt(-b, 1)}`;
        const shown = clamp(state.wx, S[0], S[1]);
        dot.setAttribute("cx", sx(shown));
        dot.setAttribute("cy", sy(sigmoid(shown + b)));
        story.textContent = state.z > 0
          ? `The net ink ${fmt(state.wx)} passes the threshold ${fmt(-b, 1)}: the detector is on.`
          : `The net ink ${fmt(state.wx)} is below the threshold ${fmt(-b, 1)}: the detector is off.`;
      }
      function showCursor() {
        const [r, c] = state.cursor;
        Object.assign(cursorBox.style, { top: `${(100 * r) / SIDE}%`, left: `${(100 * c) / SIDE}%` });
      }

      let frame = 0;
      drawingPad(pad, ctx, PAD, {
        onStroke() {
          if (!frame) frame = requestAnimationFrame(() => { frame = 0; update(); });
        },
        onEnd() {
          cancelAnimationFrame(frame);
          frame = 0;
          update();
        },
      });
      pad.addEventListener("keydown", (event) => {
        const moves = { ArrowUp: [-1, 0], ArrowDown: [1, 0], ArrowLeft: [0, -1], ArrowRight: [0, 1] };
        const [r, c] = state.cursor;
        if (moves[event.key]) {
          state.cursor = [clamp(r + moves[event.key][0], 0, SIDE - 1), clamp(c + moves[event.key][1], 0, SIDE - 1)];
          showCursor();
        } else if (event.key === " " || event.key === "Enter") {
          ctx.fillRect(c * BLOCK, r * BLOCK, BLOCK, BLOCK); // ink one pixel of x
          update();
        } else {
          return;
        }
        event.preventDefault();
      });
      pad.addEventListener("focus", () => cursorBox.classList.add("is-shown"));
      pad.addEventListener("blur", () => cursorBox.classList.remove("is-shown"));

      function clearPad() {
        ctx.clearRect(0, 0, PAD, PAD);
        update();
      }
      function loadExample(index) {
        const digit = network.examples.subarray(784 * index, 784 * (index + 1));
        const image = new ImageData(PAD, PAD);
        for (let y = 0; y < PAD; y++) {
          for (let x = 0; x < PAD; x++) {
            image.data[4 * (y * PAD + x) + 3] = digit[SIDE * Math.floor(y / BLOCK) + Math.floor(x / BLOCK)];
          }
        }
        ctx.putImageData(image, 0, 0);
        update();
      }
      clear.addEventListener("click", clearPad);
      select.addEventListener("change", () => {
        state.detector = Number(select.value);
        drawOverlay();
        update();
      });
      showWeights.addEventListener("change", drawOverlay);
      new MutationObserver(drawOverlay).observe(document.body, {
        attributes: true, attributeFilter: ["data-md-color-scheme"],
      });
      Object.assign(api, { clear: clearPad, loadExample, detectors, update });
      const seven = Array.from(network.labels).indexOf(7);
      if (seven >= 0) loadExample(seven); else update();
      drawOverlay();
      showCursor();
      return api;
    }
    return api;
  }

  // -- Watch it learn ---------------------------------------------------------------------

  // The lesson's 784-16-16-10 sigmoid network trains in a Web Worker
  // (learn-worker.js) on a subset of MNIST written into the site at build time. The
  // page shows the test accuracy after every epoch, its curve, and the 16 weight
  // images of the first hidden layer as they form.
  const POSITIVE = [31, 111, 180], NEGATIVE = [196, 69, 47]; // as nn_tutorial.plots
  function learn(root) {
    const state = {
      ready: false, running: false, accuracies: [], epochSeconds: [], initialAccuracy: null,
      pressed: null, secondsTo90: null, rate: 3, seed: 0, latencies: [], error: null,
    };
    const worker = new Worker(new URL("learn-worker.js", SCRIPT));
    const trainButton = el("button", { type: "button", class: "nn-widget__button", disabled: "" }, "Train");
    const resetButton = el("button", { type: "button", class: "nn-widget__button", disabled: "" }, "Reset");
    const rate = slider({
      label: "learning rate η", name: "η", min: 0.5, max: 6, step: 0.5, value: state.rate,
      onInput: (v) => { state.rate = v; worker.postMessage({ type: "rate", rate: v }); },
    });
    const accuracyText = el("p", { class: "nn-widget__accuracy", "aria-live": "polite" }, "Loading the digits…");
    const progressText = el("p", { class: "nn-widget__note" });
    // accuracy per epoch: a small SVG plot, 0-100%, with the 90% line
    const PW = 300, PH = 150, EPOCHS = 20;
    const { sx, sy } = axes(PW, PH, [0, EPOCHS], [0, 1], 28);
    const curve = svg("path", { class: "nn-widget__curve" });
    const dots = svg("g", { class: "nn-widget__dots" });
    const plot = svg("svg", {
      viewBox: `0 0 ${PW} ${PH}`, class: "nn-widget__svg", role: "img",
      "aria-label": "Test accuracy after each epoch",
    },
    svg("line", { x1: sx(0), x2: sx(EPOCHS), y1: sy(0), y2: sy(0), class: "nn-widget__axis" }),
    svg("line", { x1: sx(0), x2: sx(0), y1: sy(0), y2: sy(1), class: "nn-widget__axis" }),
    svg("line", { x1: sx(0), x2: sx(EPOCHS), y1: sy(0.9), y2: sy(0.9), class: "nn-widget__grid" }),
    svg("text", { x: sx(0) - 4, y: sy(0.9) + 4, class: "nn-widget__label", "text-anchor": "end" }, "90%"),
    svg("text", { x: sx(0) - 4, y: sy(1) - 2, class: "nn-widget__label", "text-anchor": "end" }, "100%"),
    svg("text", { x: sx(0) - 4, y: sy(0.5) + 4, class: "nn-widget__label", "text-anchor": "end" }, "50%"),
    svg("text", { x: sx(0) - 4, y: sy(0) + 4, class: "nn-widget__label", "text-anchor": "end" }, "0"),
    svg("text", { x: sx(EPOCHS), y: sy(0) + 18, class: "nn-widget__label", "text-anchor": "end" }, "epoch"),
    curve, dots);
    const images = Array.from({ length: 16 }, (_, j) => el("canvas", {
      width: 28, height: 28, class: "nn-widget__weights", role: "img", tabindex: "0",
      "aria-label": `weights into hidden neuron ${j}`, "data-neuron": j,
    }));
    const caption = el("p", { class: "nn-widget__note" },
      "The weights into each of the 16 neurons of the first hidden layer, one 28 × 28 " +
      "image per neuron: blue for positive weights, red for negative ones.");
    root.replaceChildren(
      el("div", { class: "nn-widget__panel" },
        el("div", { class: "nn-widget__buttons" }, trainButton, resetButton), rate.row,
        accuracyText, progressText, plot),
      el("div", { class: "nn-widget__panel" },
        el("div", { class: "nn-widget__weight-grid", role: "group",
          "aria-label": "First-layer weights" }, ...images), caption));

    function drawWeights(weights) {
      for (let j = 0; j < 16; j++) {
        const row = weights.subarray(784 * j, 784 * (j + 1));
        let largest = 1e-12;
        for (let k = 0; k < 784; k++) largest = Math.max(largest, Math.abs(row[k]));
        const image = new ImageData(28, 28);
        for (let k = 0; k < 784; k++) {
          image.data.set([...(row[k] >= 0 ? POSITIVE : NEGATIVE),
            Math.round((255 * Math.abs(row[k])) / largest)], 4 * k);
        }
        images[j].getContext("2d").putImageData(image, 0, 0);
      }
    }
    function showAccuracy() {
      const last = state.accuracies.at(-1) ?? state.initialAccuracy;
      accuracyText.textContent = `test accuracy: ${(100 * last).toFixed(1)}%`;
      // the epoch axis shows 20 epochs, and squeezes once there are more
      const stretch = EPOCHS / Math.max(EPOCHS, state.accuracies.length);
      const points = [[0, state.initialAccuracy], ...state.accuracies.map((a, i) => [i + 1, a])]
        .map(([e, a]) => [sx(e * stretch), sy(a)]);
      curve.setAttribute("d", pathOf(points));
      dots.replaceChildren(...points.map(([x, y]) => svg("circle", { cx: x, cy: y, r: 2.5, class: "nn-widget__dot" })));
    }
    function setRunning(running) {
      state.running = running;
      trainButton.textContent = running ? "Pause" : "Train";
      trainButton.setAttribute("aria-pressed", String(running));
    }

    worker.onmessage = ({ data: message }) => {
      if (message.type === "ready") {
        state.ready = true;
        progressText.textContent = `${message.train.toLocaleString("en")} training and ` +
          `${message.test.toLocaleString("en")} test digits loaded.`;
        trainButton.removeAttribute("disabled");
        resetButton.removeAttribute("disabled");
      } else if (message.type === "reset") {
        state.initialAccuracy = message.accuracy;
        state.accuracies = [];
        state.epochSeconds = [];
        state.pressed = null;
        state.secondsTo90 = null;
        drawWeights(message.weights);
        showAccuracy();
      } else if (message.type === "progress") {
        drawWeights(message.weights);
        progressText.textContent = `epoch ${message.epoch.toFixed(1)}`;
      } else if (message.type === "epoch") {
        state.accuracies.push(message.accuracy);
        state.epochSeconds.push(message.epochSeconds);
        if (state.secondsTo90 === null && message.accuracy >= 0.9 && state.pressed !== null) {
          state.secondsTo90 = (performance.now() - state.pressed) / 1000;
        }
        drawWeights(message.weights);
        showAccuracy();
        progressText.textContent = `epoch ${message.epoch}: ${message.epochSeconds.toFixed(2)} s ` +
          "of training for one pass over the training digits" +
          (state.secondsTo90 === null ? "" : `; 90% reached ${state.secondsTo90.toFixed(1)} s after Train was first pressed`);
      } else if (message.type === "error") {
        state.error = message.message;
        accuracyText.textContent = `The training stopped: ${message.message}`;
        setRunning(false);
      }
    };
    trainButton.addEventListener("click", () => {
      if (state.running) {
        worker.postMessage({ type: "pause" });
        setRunning(false);
      } else {
        if (state.pressed === null) state.pressed = performance.now();
        worker.postMessage({ type: "train", rate: state.rate });
        setRunning(true);
      }
    });
    resetButton.addEventListener("click", () => {
      state.seed += 1; // a fresh network each time: the next seed
      worker.postMessage({ type: "reset", seed: state.seed });
      setRunning(false);
    });

    // Pointer events stay handled while the worker trains: hovering a weight image
    // marks it, and the time from the event to the next frame is recorded (as on the
    // draw page).
    let frame = 0, lastEvent = 0, hovered = null;
    root.addEventListener("pointermove", (event) => {
      lastEvent = performance.now();
      const target = event.target.closest?.(".nn-widget__weights") || null;
      if (frame) return;
      frame = requestAnimationFrame(() => {
        frame = 0;
        if (hovered !== target) {
          hovered?.classList.remove("is-hovered");
          target?.classList.add("is-hovered");
          hovered = target;
        }
        state.latencies.push(performance.now() - lastEvent);
      });
    });

    worker.postMessage({
      type: "load", seed: state.seed,
      url: new URL("../assets/nn-tutorial/mnist-subset.bin.gz", SCRIPT).href,
    });
    return { state, worker };
  }

  // -- Start every widget on the page, and again after Material's instant loading ---

  const WIDGETS = { neuron: oneNeuron, squish, matrix, downhill, learn, edge };
  const api = (window.nnTutorialWidgets = { instances: {}, costAndGradient, DOWNHILL });

  function start() {
    for (const root of document.querySelectorAll(".nn-widget[data-widget]")) {
      const make = WIDGETS[root.dataset.widget];
      if (!make || root.dataset.started) continue;
      root.dataset.started = "true";
      root.classList.add("is-live");
      api.instances[root.dataset.widget] = make(root);
    }
  }
  if (window.document$) window.document$.subscribe(start); // Material for MkDocs
  else start();
})();
