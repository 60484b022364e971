// nn.js: the lesson's network maths, the one JavaScript copy of it.
//
// Every widget of the site (draw.js, widgets.js) and the training worker
// (learn-worker.js, through importScripts) use these functions, so that
// a' = σ(W a + b) is written once in JavaScript, as nn_tutorial/network.py writes it
// once in Python. The tests check them against the package: same inputs, same
// numbers. It defines self.nnTutorial.nn and touches nothing else.
(function (global) {
  "use strict";

  // -- Activation functions: nn_tutorial/activations.py ------------------------------

  // σ(z) = 1 / (1 + e^(-z)), computed as (1 + tanh(z/2)) / 2 like the package: the
  // same function, and it never overflows.
  const sigmoid = (z) => 0.5 + 0.5 * Math.tanh(0.5 * z);
  // σ'(z) = σ(z) (1 - σ(z)), largest (0.25) at z = 0.
  const sigmoidPrime = (z) => {
    const s = sigmoid(z);
    return s * (1 - s);
  };
  const relu = (z) => (z > 0 ? z : 0);
  // 1 where z > 0, else 0 (0 at the kink z = 0, as the package takes it).
  const reluPrime = (z) => (z > 0 ? 1 : 0);
  const ACTIVATIONS = {
    sigmoid: [sigmoid, sigmoidPrime],
    relu: [relu, reluPrime],
  };

  // -- One layer, and the whole network --------------------------------------------

  // z = W a + b for an n x m matrix W stored row by row (row j = the weights into
  // neuron j), a of m numbers and b of n. Returns z as float64.
  function weightedSums(W, b, a, n, m) {
    const z = new Float64Array(n);
    for (let j = 0; j < n; j++) {
      let sum = b[j];
      for (let k = 0, row = j * m; k < m; k++) sum += W[row + k] * a[k];
      z[j] = sum;
    }
    return z;
  }

  // a' = σ(W a + b): the next layer's activations.
  function layer(W, b, a, n, m, sigma = sigmoid) {
    return weightedSums(W, b, a, n, m).map(sigma);
  }

  // Every layer's activations for the input a, the input layer first.
  function activations(network, a) {
    const all = [a];
    for (const { W, b, sigma, inputs, neurons } of network.layers) {
      a = layer(W, b, a, neurons, inputs, sigma);
      all.push(a);
    }
    return all;
  }

  const feedforward = (network, a) => activations(network, a).at(-1);

  // A network from its sizes, activation and arrays ({weights_0, biases_0, ...}):
  // hidden layers use the network's activation, the output layer the sigmoid.
  function makeNetwork(sizes, activation, arrays) {
    if (!(activation in ACTIVATIONS)) throw new Error(`unknown activation ${activation}`);
    const layers = sizes.slice(1).map((n, l) => ({
      inputs: sizes[l], // m
      neurons: n, // n
      W: arrays[`weights_${l}`], // n x m, row j = the weights into neuron j
      b: arrays[`biases_${l}`],
      sigma: ACTIVATIONS[l < sizes.length - 2 ? activation : "sigmoid"][0],
    }));
    return { sizes, activation, layers };
  }

  // -- Reading network.bin (layout: nn_tutorial/export.py) ------------------------

  // "NNTB", the header's length n as uint32, a JSON header, then the data. Each
  // array sits at data_offsets [begin, end) from the start of the data, which is
  // 4-byte aligned like every array in it: a float32 array is a Float32Array view
  // of the file, no copy. (Typed arrays use the machine's byte order and the file
  // is little-endian, as is every machine a browser runs on today; a big-endian one
  // gets a copy read number by number.)
  const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

  // The header and every array of a file in that layout, checking its magic.
  function parseArrays(buffer, magic) {
    const bytes = new Uint8Array(buffer);
    const view = new DataView(buffer);
    if (bytes.length < 8 || String.fromCharCode(...bytes.subarray(0, 4)) !== magic) {
      throw new Error(`not an exported file (it does not start with ${magic})`);
    }
    const length = view.getUint32(4, true);
    const header = JSON.parse(new TextDecoder().decode(bytes.subarray(8, 8 + length)));
    const start = 8 + length;
    const arrays = {};
    for (const { name, dtype, shape, data_offsets: [begin, end] } of header.arrays) {
      const count = shape.reduce((product, size) => product * size, 1);
      if (start + end > buffer.byteLength) throw new Error(`the file is cut short in ${name}`);
      if (dtype === "<f4") {
        if (end - begin !== 4 * count) throw new Error(`${name}: wrong size`);
        if (LITTLE_ENDIAN) {
          arrays[name] = new Float32Array(buffer, start + begin, count);
        } else {
          arrays[name] = Float32Array.from({ length: count },
            (_, i) => view.getFloat32(start + begin + 4 * i, true));
        }
      } else if (dtype === "|u1") {
        arrays[name] = new Uint8Array(buffer, start + begin, count);
      } else {
        throw new Error(`${name}: unknown dtype ${dtype}`);
      }
    }
    return { header, arrays };
  }

  function parseNetworkFile(buffer) {
    const { header, arrays } = parseArrays(buffer, "NNTB");
    const network = makeNetwork(header.sizes, header.activation, arrays);
    network.examples = arrays.examples || new Uint8Array(0);
    network.labels = arrays.labels || new Uint8Array(0);
    return network;
  }

  async function loadNetwork(url) {
    const response = await fetch(url);
    if (!response.ok) throw new Error(`${url} answered HTTP ${response.status}`);
    return parseNetworkFile(await response.arrayBuffer());
  }


  // -- Learning: mini-batch SGD on the lesson's network (chapter 6) ---------------------
  //
  // The lesson's network: sigmoid neurons in every layer, the quadratic cost, plain
  // mini-batch SGD, as nn_tutorial's Network.backprop and train compute it. Weights
  // and biases are float32 (like the package's float32 networks); sums are float64.
  // An image is sparse: most of MNIST's 784 pixels are blank paper, so an input is
  // the list of its inked pixels, {indices, values}, and the first layer skips the
  // rest. That is the same arithmetic, minus the zeros.

  // A seeded random generator (mulberry32): the same seed, the same numbers.
  function random(seed) {
    let t = seed >>> 0;
    return () => {
      t = (t + 0x6d2b79f5) >>> 0;
      let r = Math.imul(t ^ (t >>> 15), 1 | t);
      r ^= r + Math.imul(r ^ (r >>> 7), 61 | r);
      return ((r ^ (r >>> 14)) >>> 0) / 4294967296;
    };
  }
  // Normal numbers from uniform ones (Box-Muller).
  function normal(uniform) {
    return () => Math.sqrt(-2 * Math.log(1 - uniform())) * Math.cos(2 * Math.PI * uniform());
  }

  // A new network, as Network(sizes) makes one: weights drawn from a normal
  // distribution with standard deviation 1/√m (m = the inputs of the layer), biases 0.
  function initNetwork(sizes, seed = 0) {
    const gauss = normal(random(seed));
    const W = sizes.slice(1).map((n, l) => {
      const scale = 1 / Math.sqrt(sizes[l]);
      return Float32Array.from({ length: n * sizes[l] }, () => gauss() * scale);
    });
    const b = sizes.slice(1).map((n) => new Float32Array(n));
    return { sizes, W, b };
  }

  // An input as its inked pixels: {indices, values} of the nonzero entries.
  function sparseInput(pixels, scale = 1) {
    const indices = [];
    const values = [];
    for (let k = 0; k < pixels.length; k++) {
      if (pixels[k] !== 0) {
        indices.push(k);
        values.push(pixels[k] * scale);
      }
    }
    return { indices: Uint16Array.from(indices), values: Float32Array.from(values) };
  }

  // Every layer's activations (index 0 is the sparse input itself).
  function forwardSparse(net, input) {
    const { sizes, W, b } = net;
    const m0 = sizes[0];
    const { indices, values } = input;
    const first = new Float64Array(sizes[1]);
    for (let j = 0; j < sizes[1]; j++) {
      let z = b[0][j];
      const row = j * m0;
      for (let t = 0; t < indices.length; t++) z += W[0][row + indices[t]] * values[t];
      first[j] = sigmoid(z);
    }
    const all = [input, first];
    for (let l = 1; l < W.length; l++) {
      all.push(layer(W[l], b[l], all[l], sizes[l + 1], sizes[l], sigmoid));
    }
    return all;
  }

  // One step of gradient descent on one mini-batch of {input, label}: the gradient of
  // the quadratic cost averaged over the batch (backpropagation), then
  // w ← w − η ∂C/∂w and b ← b − η ∂C/∂b for every weight and bias.
  function sgdStep(net, batch, rate) {
    const { sizes, W, b } = net;
    const L = W.length;
    if (!net.gradW) {
      net.gradW = W.map((w) => new Float64Array(w.length));
      net.gradB = b.map((v) => new Float64Array(v.length));
    }
    const { gradW, gradB } = net;
    gradW.forEach((g) => g.fill(0));
    gradB.forEach((g) => g.fill(0));
    for (const { input, label } of batch) {
      const a = forwardSparse(net, input);
      // the output error: δ = (a − y) σ'(z), with σ'(z) = a (1 − a)
      let delta = a[L].map((value, j) => (value - (j === label ? 1 : 0)) * value * (1 - value));
      for (let l = L - 1; l >= 0; l--) {
        const n = sizes[l + 1], m = sizes[l];
        for (let j = 0; j < n; j++) gradB[l][j] += delta[j];
        if (l === 0) {
          const { indices, values } = a[0];
          for (let j = 0; j < n; j++) {
            const dj = delta[j], row = j * m;
            for (let t = 0; t < indices.length; t++) gradW[0][row + indices[t]] += dj * values[t];
          }
        } else {
          const before = a[l];
          const previous = new Float64Array(m); // (Wᵀ δ) ⊙ σ'(z) of layer l
          for (let j = 0; j < n; j++) {
            const dj = delta[j], row = j * m;
            for (let k = 0; k < m; k++) {
              gradW[l][row + k] += dj * before[k];
              previous[k] += W[l][row + k] * dj;
            }
          }
          for (let k = 0; k < m; k++) previous[k] *= before[k] * (1 - before[k]);
          delta = previous;
        }
      }
    }
    const step = rate / batch.length; // the gradient is the batch's average
    for (let l = 0; l < L; l++) {
      const w = W[l], g = gradW[l];
      for (let i = 0; i < w.length; i++) w[i] -= step * g[i];
      for (let j = 0; j < b[l].length; j++) b[l][j] -= step * gradB[l][j];
    }
  }

  // The fraction of examples whose brightest output is their label.
  function accuracy(net, examples) {
    let right = 0;
    for (const { input, label } of examples) {
      const output = forwardSparse(net, input).at(-1);
      let best = 0;
      for (let j = 1; j < output.length; j++) if (output[j] > output[best]) best = j;
      if (best === label) right++;
    }
    return right / examples.length;
  }

  // The training subset (nn_tutorial.subset.subset_to_bytes): gzip, then the NNTD
  // file. A server may already have undone the gzip (Content-Encoding): the
  // magic bytes tell.
  async function loadSubset(url) {
    const response = await fetch(url);
    if (!response.ok) throw new Error(`${url} answered HTTP ${response.status}`);
    let buffer = await response.arrayBuffer();
    const head = new Uint8Array(buffer, 0, 2);
    if (head[0] === 0x1f && head[1] === 0x8b) {
      const stream = new Blob([buffer]).stream().pipeThrough(new DecompressionStream("gzip"));
      buffer = await new Response(stream).arrayBuffer();
    }
    const { arrays } = parseArrays(buffer, "NNTD");
    const examples = (images, labels) => Array.from(labels, (label, i) => ({
      input: sparseInput(images.subarray(784 * i, 784 * (i + 1)), 1 / 255),
      label,
    }));
    return {
      train: examples(arrays.train_images, arrays.train_labels),
      test: examples(arrays.test_images, arrays.test_labels),
    };
  }

  global.nnTutorial = global.nnTutorial || {};
  global.nnTutorial.nn = {
    sigmoid, sigmoidPrime, relu, reluPrime, ACTIVATIONS,
    weightedSums, layer, activations, feedforward, makeNetwork,
    parseArrays, parseNetworkFile, loadNetwork,
    random, initNetwork, sparseInput, forwardSparse, sgdStep, accuracy, loadSubset,
  };
})(typeof self !== "undefined" ? self : globalThis);
