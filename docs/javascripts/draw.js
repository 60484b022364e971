// Draw a digit: the lesson's trained network, running live in the browser.
//
// The reader draws on a 280 x 280 pad. Every change goes through the same steps as
// nn_tutorial.digits.prepare_digit (crop to the ink, scale the longer side to 20
// pixels, centre in 28 x 28) and then through the network, layer by layer:
// a' = σ(W a + b), computed by nn.js. The weights are read from network.bin, which
// nn_tutorial.export writes into the site when it is built (see
// docs/_hooks/export_network.py). Nothing is sent anywhere: it all runs here.
//
// The script is loaded on every page and does nothing on pages without a
// <div class="nn-draw">, or chapter 2's compact <div class="nn-widget"
// data-widget="draw">. window.nnTutorialDraw is a small API for the tests.
(function () {
  "use strict";

  // network.bin sits at the site's root/assets/nn-tutorial/, this script at
  // root/javascripts/: resolving from the script works at any page depth.
  const NETWORK_URL = new URL("../assets/nn-tutorial/network.bin", document.currentScript.src);
  const DRAW_PAGE_URL = new URL("../draw/", document.currentScript.src); // the full page
  const PAD_SIZE = 280; // the pad's pixels (its CSS size may differ)
  const STROKE_WIDTH = 20; // pixels of the pad: about 2 pixels of the 28 x 28 input
  const POSITIVE = [31, 111, 180]; // #1f6fb4, as nn_tutorial.plots.POSITIVE
  const NEGATIVE = [196, 69, 47]; // #c4452f, as nn_tutorial.plots.NEGATIVE

  // -- The network: nn.js (loaded before this script) ---------------------------------

  const { loadNetwork, activations, feedforward } = window.nnTutorial.nn;

  // -- From ink to the network's input: nn_tutorial/digits.py, steps P1-P5 --------------

  const INK_THRESHOLD = 0.05;
  const BOX_SIZE = 20;
  const FIELD_SIZE = 28;
  const HALF_TIE = 1e-9;

  // P2 on one axis: the m x n matrix that area-averages n pixels into m (row-major).
  // Crop pixel i covers [i m, (i + 1) m), patch pixel j covers [j n, (j + 1) n).
  function areaWeights(n, m) {
    const weights = new Float64Array(m * n);
    for (let j = 0; j < m; j++) {
      for (let i = 0; i < n; i++) {
        const overlap = Math.min((i + 1) * m, (j + 1) * n) - Math.max(i * m, j * n);
        if (overlap > 0) weights[j * n + i] = overlap / n;
      }
    }
    return weights;
  }

  // ink: H x W values in [0, 1] (1 = full ink), row by row. Returns 784 float32
  // inputs, or null for a blank drawing (prepare_digit raises an error there).
  function prepareDigit(ink, height, width) {
    // P1. Crop to the smallest rectangle holding every pixel with ink > 0.05.
    let r0 = height, r1 = -1, c0 = width, c1 = -1;
    for (let r = 0; r < height; r++) {
      for (let c = 0; c < width; c++) {
        if (ink[r * width + c] > INK_THRESHOLD) {
          r0 = Math.min(r0, r); r1 = Math.max(r1, r);
          c0 = Math.min(c0, c); c1 = Math.max(c1, c);
        }
      }
    }
    if (r1 < 0) return null;
    const h = r1 - r0 + 1, w = c1 - c0 + 1;

    // P2. Scale so the longer side is 20 pixels: h' = h * 20 / L rounded, halves up.
    const L = Math.max(h, w);
    const h2 = Math.max(1, Math.floor((2 * BOX_SIZE * h + L) / (2 * L)));
    const w2 = Math.max(1, Math.floor((2 * BOX_SIZE * w + L) / (2 * L)));
    const Ry = areaWeights(h, h2), Rx = areaWeights(w, w2);
    // patch = Ry @ crop @ Rx.T, computed as (Ry @ crop) then (... @ Rx.T); the
    // weights are mostly zero, so zero weights are skipped.
    const rows = new Float64Array(h2 * w); // Ry @ crop
    for (let y = 0; y < h2; y++) {
      for (let r = 0; r < h; r++) {
        const k = Ry[y * h + r];
        if (k === 0) continue;
        const from = (r0 + r) * width + c0;
        for (let c = 0; c < w; c++) rows[y * w + c] += k * ink[from + c];
      }
    }
    const patch = new Float64Array(h2 * w2); // (Ry @ crop) @ Rx.T
    for (let x = 0; x < w2; x++) {
      for (let c = 0; c < w; c++) {
        const k = Rx[x * w + c];
        if (k === 0) continue;
        for (let y = 0; y < h2; y++) patch[y * w2 + x] += rows[y * w + c] * k;
      }
    }

    // P3. Centre of mass, pixel (y, x) standing at the point (y, x), as in MNIST.
    const rowSums = new Float64Array(h2), columnSums = new Float64Array(w2);
    let total = 0;
    for (let y = 0; y < h2; y++) {
      for (let x = 0; x < w2; x++) {
        rowSums[y] += patch[y * w2 + x];
        columnSums[x] += patch[y * w2 + x];
        total += patch[y * w2 + x];
      }
    }
    let cy = 0, cx = 0;
    for (let y = 0; y < h2; y++) cy += y * rowSums[y];
    for (let x = 0; x < w2; x++) cx += x * columnSums[x];
    cy /= total;
    cx /= total;

    // P4. Place the patch so its centre of mass lands on pixel (14, 14), the offset
    // rounded to whole pixels (halves up), and clip to [0, 1].
    const oy = Math.floor(FIELD_SIZE / 2 - cy + 0.5 + HALF_TIE);
    const ox = Math.floor(FIELD_SIZE / 2 - cx + 0.5 + HALF_TIE);
    // P5. Flattened row by row, as float32.
    const input = new Float32Array(FIELD_SIZE * FIELD_SIZE);
    for (let y = 0; y < h2; y++) {
      for (let x = 0; x < w2; x++) {
        const fy = y + oy, fx = x + ox;
        if (fy >= 0 && fy < FIELD_SIZE && fx >= 0 && fx < FIELD_SIZE) {
          input[fy * FIELD_SIZE + fx] = Math.min(1, Math.max(0, patch[y * w2 + x]));
        }
      }
    }
    return input;
  }

  // -- The widget -------------------------------------------------------------------

  // A tiny helper: el("div", {class: "x"}, child, "text") makes an element.
  function el(tag, attributes = {}, ...children) {
    const element = document.createElement(tag);
    for (const [key, value] of Object.entries(attributes)) element.setAttribute(key, value);
    element.append(...children);
    return element;
  }

  const format = (value) => value.toFixed(2);

  // Build the widget inside root; return what the page computed last, for the tests.
  // compact: chapter 2's form (<div class="nn-widget" data-widget="draw">): the pad,
  // the examples and every layer's activations, without the weights, and a link to
  // the full page.
  function createWidget(root, network, compact = false) {
    const [, hidden1, hidden2, outputs] = network.sizes;
    const layerNames = ["hidden layer 1", "hidden layer 2", "output layer"];

    // The pad, the 28 x 28 input, the weights: three canvases.
    const pad = el("canvas", {
      class: "nn-draw__pad", width: PAD_SIZE, height: PAD_SIZE, role: "img",
      "aria-label": "Drawing pad: draw a digit with the mouse, a finger or a pen",
    });
    const ctx = pad.getContext("2d", { willReadFrequently: true });
    Object.assign(ctx, {
      lineWidth: STROKE_WIDTH, lineCap: "round", lineJoin: "round", strokeStyle: "#000",
    });
    const seen = el("canvas", {
      class: "nn-draw__seen", width: FIELD_SIZE, height: FIELD_SIZE, role: "img",
      "aria-label": "The 28 by 28 input the network sees",
    });
    const weightsImage = el("canvas", { class: "nn-draw__weights-image", role: "img" });
    const weightsCaption = el("span");

    // Buttons: clear, the example digits, and one per neuron. Hover, focus or tap
    // a neuron to see the weights leading into it.
    const clear = el("button", { type: "button", class: "nn-draw__button" }, "Clear");
    clear.addEventListener("click", clearPad);
    const examples = Array.from(network.labels, (label, index) => {
      const button = el("button", {
        type: "button", class: "nn-draw__button nn-draw__example",
        "aria-label": `Load an MNIST test digit ${label}`,
      }, String(label));
      button.addEventListener("click", () => loadExample(index));
      return button;
    });
    const neurons = [hidden1, hidden2, outputs].map((count, l) =>
      Array.from({ length: count }, (_, j) => {
        const button = el("button", {
          type: "button", class: "nn-draw__neuron",
          "data-layer": l, "data-neuron": j, "aria-pressed": "false",
        });
        if (l === 2) {
          button.append(
            el("span", { class: "nn-draw__digit" }, String(j)),
            el("span", { class: "nn-draw__bar" }, el("span")),
            el("span", { class: "nn-draw__value" }),
          );
        }
        for (const type of ["pointerenter", "focus", "click"]) {
          button.addEventListener(type, () => showWeights(l, j));
        }
        return button;
      }));
    const answer = el("p", { class: "nn-draw__answer" });
    // what a screen reader says (hidden from view; see announce below)
    const status = el("p", { class: "nn-draw__status", "aria-live": "polite" });

    // Layout: the pad (in a frame: dark mode inverts the pad, not its border) and
    // its buttons; then the layers from input to output; then the weights.
    const framed = (canvas) => el("div", { class: "nn-draw__frame" }, canvas);
    const group = (className, label, children) =>
      el("div", { class: className, role: "group", "aria-label": label }, ...children);
    const stage = (title, content) =>
      el("figure", { class: "nn-draw__stage" }, el("figcaption", {}, title), content);
    root.replaceChildren(
      el("div", { class: "nn-draw__input" },
        framed(pad),
        el("div", { class: "nn-draw__controls" },
          clear, el("span", { class: "nn-draw__hint" }, "or load an MNIST test digit:")),
        group("nn-draw__examples", "Load an MNIST test digit", examples)),
      el("div", { class: "nn-draw__network" },
        answer,
        el("div", { class: "nn-draw__layers" },
          stage("Input (28 × 28)", framed(seen)),
          stage(`Hidden layer 1 (${hidden1})`,
            group("nn-draw__grid", "Hidden layer 1", neurons[0])),
          stage(`Hidden layer 2 (${hidden2})`,
            group("nn-draw__grid", "Hidden layer 2", neurons[1])),
          stage("Output", group("nn-draw__outputs", "Output layer", neurons[2]))),
        el("figure", { class: "nn-draw__weights" },
          weightsImage,
          el("figcaption", {},
            weightsCaption,
            el("span", { class: "nn-draw__legend" },
              el("span", { class: "nn-draw__swatch nn-draw__swatch--positive" }), "positive",
              el("span", { class: "nn-draw__swatch nn-draw__swatch--negative" }), "negative")))),
      status);
    if (compact) {
      root.querySelector(".nn-draw__network").append(el("p", { class: "nn-draw__full" },
        el("a", { href: DRAW_PAGE_URL.href }, "Open the full draw page"),
        ", which also shows the weights into every neuron."));
    }

    const state = { alpha: null, input: null, layers: null, prediction: null, latencies: [] };

    // Run the drawing through prepare_digit and the network, and show every layer.
    function update() {
      const pixels = ctx.getImageData(0, 0, PAD_SIZE, PAD_SIZE).data;
      const alpha = new Uint8Array(PAD_SIZE * PAD_SIZE);
      const ink = new Float64Array(PAD_SIZE * PAD_SIZE);
      for (let i = 0; i < ink.length; i++) {
        alpha[i] = pixels[4 * i + 3];
        ink[i] = alpha[i] / 255; // the pad is transparent paper with opaque ink
      }
      state.alpha = alpha;
      state.input = prepareDigit(ink, PAD_SIZE, PAD_SIZE);
      state.layers = state.input && activations(network, state.input);
      render();
    }

    function render() {
      const { input, layers } = state;
      // the input, as ink on paper (dark mode inverts it with CSS, like the pad)
      const image = new ImageData(FIELD_SIZE, FIELD_SIZE);
      if (input) input.forEach((v, i) => (image.data[4 * i + 3] = Math.round(255 * v)));
      seen.getContext("2d").putImageData(image, 0, 0);
      // hidden layers: the stronger the colour, the larger the activation. A
      // sigmoid's lies in 0..1 and is shown on that absolute scale; ReLU
      // activations above 1 are shown relative to the layer's largest.
      for (let l = 0; l < 2; l++) {
        const values = layers ? layers[l + 1] : new Float64Array(neurons[l].length);
        const scale = network.activation === "sigmoid" ? 1 : Math.max(1, ...values);
        neurons[l].forEach((button, j) => {
          button.style.setProperty("--activation", (values[j] / scale).toFixed(3));
          button.setAttribute("aria-label",
            `${layerNames[l]}, neuron ${j}: activation ${format(values[j])}`);
        });
      }
      // outputs: one bar per digit; the brightest is the network's answer
      const output = layers ? layers[3] : new Float64Array(outputs);
      state.prediction = layers ? output.indexOf(Math.max(...output)) : null;
      neurons[2].forEach((button, j) => {
        button.querySelector(".nn-draw__bar span").style.width = `${100 * output[j]}%`;
        button.querySelector(".nn-draw__value").textContent = layers ? format(output[j]) : "";
        button.classList.toggle("is-prediction", j === state.prediction);
        button.setAttribute("aria-label", `output neuron ${j}: ${format(output[j])}`);
      });
      answer.textContent = layers ? `The network says ${state.prediction}` : "Draw a digit";
    }

    // The live region speaks once a stroke ends, not on every move.
    function announce() {
      const { prediction, layers } = state;
      status.textContent = prediction === null
        ? "Draw a digit from 0 to 9 on the pad."
        : `The network says ${prediction} (output ${format(layers[3][prediction])}).`;
    }

    // The weights into neuron j of layer l as an image on white: blue for positive,
    // red for negative, the stronger the larger. The 784 weights into a neuron of
    // hidden layer 1 form a 28 x 28 image; the 16 into a neuron of the next layers
    // form a 4 x 4 grid, laid out like the layer they come from.
    let selected = null;
    function showWeights(l, j) {
      if (selected) selected.setAttribute("aria-pressed", "false");
      selected = neurons[l][j];
      selected.setAttribute("aria-pressed", "true");
      const { W, inputs } = network.layers[l];
      const weights = W.subarray(j * inputs, (j + 1) * inputs);
      const largest = Math.max(1e-12, ...weights.map(Math.abs));
      const side = Math.round(Math.sqrt(inputs));
      const image = new ImageData(side, Math.ceil(inputs / side));
      weights.forEach((w, i) => {
        const strength = Math.round((255 * Math.abs(w)) / largest);
        image.data.set([...(w >= 0 ? POSITIVE : NEGATIVE), strength], 4 * i);
      });
      weightsImage.width = image.width;
      weightsImage.height = image.height;
      weightsImage.getContext("2d").putImageData(image, 0, 0);
      const into = l === 2 ? `output neuron ${j}` : `${layerNames[l]}, neuron ${j}`;
      const from = l === 0 ? "the 784 input pixels"
        : `the ${inputs} neurons of ${layerNames[l - 1]}`;
      weightsCaption.textContent =
        `Weights into ${into}, from ${from} (largest ±${format(largest)})`;
      weightsImage.setAttribute("aria-label", weightsCaption.textContent);
    }

    // Drawing (mouse, finger or pen: pad.js). Update once per frame, however many
    // events arrive, and record how long the display took to catch up with the last
    // event.
    let frame = 0; // the requested animation frame, if any
    let lastEvent = 0; // when the last pointer event arrived
    function scheduleUpdate() {
      lastEvent = performance.now();
      if (frame) return;
      frame = requestAnimationFrame(() => {
        frame = 0;
        update();
        state.latencies.push(performance.now() - lastEvent);
      });
    }
    window.nnTutorial.drawingPad(pad, ctx, PAD_SIZE, {
      onStroke: scheduleUpdate,
      onEnd() {
        cancelAnimationFrame(frame);
        frame = 0;
        update();
        announce();
      },
    });

    function clearPad() {
      ctx.clearRect(0, 0, PAD_SIZE, PAD_SIZE);
      update();
      announce();
    }
    // An example digit, drawn as 10 x 10 blocks of its 28 x 28 pixels.
    function loadExample(index) {
      const scale = PAD_SIZE / FIELD_SIZE;
      const size = FIELD_SIZE * FIELD_SIZE;
      const digit = network.examples.subarray(index * size, (index + 1) * size);
      const image = new ImageData(PAD_SIZE, PAD_SIZE);
      for (let y = 0; y < PAD_SIZE; y++) {
        for (let x = 0; x < PAD_SIZE; x++) {
          const pixel = Math.floor(y / scale) * FIELD_SIZE + Math.floor(x / scale);
          image.data[4 * (y * PAD_SIZE + x) + 3] = digit[pixel];
        }
      }
      ctx.putImageData(image, 0, 0);
      update();
      announce();
    }

    update();
    announce();
    showWeights(0, 0);
    return { state, update, loadExample, clear: clearPad };
  }

  // -- Start, on this page and after each of Material's instant page changes ---------

  // For the tests: ready is a promise that resolves once the widget is up; then
  // feedforward and activations run the page's network, and widget.state holds
  // what the page last computed (the pad's alpha channel is its ink).
  let networkPromise = null;
  const api = (window.nnTutorialDraw = { ready: null, widget: null, prepareDigit });

  function start() {
    const root = document.querySelector(".nn-draw, .nn-widget[data-widget=draw]");
    if (!root || root.dataset.started) return;
    root.dataset.started = "true";
    const compact = root.matches(".nn-widget");
    if (compact) root.classList.add("nn-draw", "nn-draw--compact");
    networkPromise = networkPromise || loadNetwork(NETWORK_URL);
    api.ready = networkPromise.then(
      (network) => {
        api.feedforward = (a) => feedforward(network, a);
        api.activations = (a) => activations(network, a);
        api.network = network;
        api.widget = createWidget(root, network, compact);
        return { sizes: network.sizes, activation: network.activation };
      },
      (error) => {
        const message = `The network could not be loaded: ${error.message}`;
        root.replaceChildren(el("p", { class: "nn-draw__error" }, message));
        throw error;
      },
    );
  }

  if (window.document$) window.document$.subscribe(start); // Material for MkDocs
  else start();
})();
