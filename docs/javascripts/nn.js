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

  function parseNetworkFile(buffer) {
    const bytes = new Uint8Array(buffer);
    const view = new DataView(buffer);
    if (bytes.length < 8 || String.fromCharCode(...bytes.subarray(0, 4)) !== "NNTB") {
      throw new Error("not an exported network (it does not start with NNTB)");
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

  global.nnTutorial = global.nnTutorial || {};
  global.nnTutorial.nn = {
    sigmoid, sigmoidPrime, relu, reluPrime, ACTIVATIONS,
    weightedSums, layer, activations, feedforward, makeNetwork,
    parseNetworkFile, loadNetwork,
  };
})(typeof self !== "undefined" ? self : globalThis);
