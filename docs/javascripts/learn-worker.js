// "Watch it learn": trains the lesson's network in a Web Worker, so that the page
// stays responsive while it learns. The maths is nn.js's (sgdStep, accuracy); this
// file only runs the loop: shuffle, mini-batches of 10, one pass over the training
// digits per epoch, then the test accuracy.
//
// Messages in:  {type: "load", url, seed}, {type: "train", rate}, {type: "rate", rate},
//               {type: "pause"}, {type: "reset", seed}
// Messages out: {type: "ready", train, test}, {type: "reset", accuracy, weights},
//               {type: "progress", epoch, weights}, {type: "epoch", epoch, accuracy,
//               epochSeconds, weights}, {type: "paused"}, {type: "error", message}
// `weights` is a copy of the first layer's 16 x 784 weights, for the page to draw.
/* global importScripts */
importScripts("nn.js");

const nn = self.nnTutorial.nn;
const SIZES = [784, 16, 16, 10]; // the lesson's network
const BATCH = 10; // mini-batch size, as Nielsen's recipe and the lesson use
const SLICE_MS = 25; // train this long between looks at the message queue

let data = null;
let net = null;
let order = [];
let position = 0; // the next example of `order`
let epoch = 0;
let epochSeconds = 0; // time spent in sgdStep during the current epoch
let shuffle = null;
let rate = 3;
let running = false;
let loops = 0; // the current loop's number: an older loop stops when it sees a newer one

const firstLayer = () => net.W[0].slice();

function reset(seed) {
  net = nn.initNetwork(SIZES, seed);
  shuffle = nn.random(seed + 1);
  order = data.train.map((_, i) => i);
  position = epoch = epochSeconds = 0;
  reorder();
  const weights = firstLayer();
  postMessage({ type: "reset", accuracy: nn.accuracy(net, data.test), weights }, [weights.buffer]);
}

function reorder() { // Fisher-Yates, with the seeded generator
  for (let i = order.length - 1; i > 0; i--) {
    const j = Math.floor(shuffle() * (i + 1));
    [order[i], order[j]] = [order[j], order[i]];
  }
}

// Let the messages that arrived meanwhile (pause, a new rate) run: a MessageChannel
// round trip, with no timer delay.
const yieldToMessages = () => new Promise((resolve) => {
  const channel = new MessageChannel();
  channel.port1.onmessage = resolve;
  channel.port2.postMessage(0);
});

async function loop() {
  const mine = ++loops;
  let shown = performance.now();
  while (running && mine === loops) {
    const start = performance.now();
    while (performance.now() - start < SLICE_MS && position < order.length) {
      const batch = [];
      for (let i = position; i < Math.min(position + BATCH, order.length); i++) {
        batch.push(data.train[order[i]]);
      }
      nn.sgdStep(net, batch, rate);
      position += BATCH;
    }
    epochSeconds += (performance.now() - start) / 1000;
    if (position >= order.length) {
      epoch += 1;
      const accuracy = nn.accuracy(net, data.test);
      const weights = firstLayer();
      postMessage({ type: "epoch", epoch, accuracy, epochSeconds, weights }, [weights.buffer]);
      position = 0;
      epochSeconds = 0;
      reorder();
      shown = performance.now();
    } else if (performance.now() - shown > 200) {
      const weights = firstLayer();
      postMessage({ type: "progress", epoch: epoch + position / order.length, weights },
        [weights.buffer]);
      shown = performance.now();
    }
    await yieldToMessages();
  }
}

self.onmessage = async ({ data: message }) => {
  try {
    switch (message.type) {
      case "load":
        data = await nn.loadSubset(message.url);
        postMessage({ type: "ready", train: data.train.length, test: data.test.length });
        reset(message.seed || 0);
        break;
      case "train":
        rate = message.rate;
        if (!running) {
          running = true;
          loop();
        }
        break;
      case "rate":
        rate = message.rate;
        break;
      case "pause":
        running = false;
        postMessage({ type: "paused" });
        break;
      case "reset":
        running = false;
        reset(message.seed);
        break;
    }
  } catch (error) {
    postMessage({ type: "error", message: String(error.message || error) });
  }
};
