import Datasets
import Foundation
import Learning
import Models
import TestSupport
import XCTest

final class VariationalAutoencoderTests: XCTestCase {
    func testParameterNamesAndCount() {
        var generator = SeededGenerator(seed: 1)
        let model = VariationalAutoencoder(using: &generator)
        XCTAssertEqual(model.namedParameters.first?.name, "encoder.hidden.weight")
        XCTAssertEqual(model.namedParameters.last?.name, "decoder.output.bias")
        // pytorch/examples' VAE: 784·400+400 + 2·(400·20+20) + 20·400+400 + 400·784+784.
        XCTAssertEqual(model.parameterCount, 652_824)
    }

    func testLossFallsOnAThousandRealDigits() throws {
        let root = ProjectRoot.path
        let directory = root + "/data/mnist"
        try XCTSkipUnless(FileManager.default.fileExists(atPath: directory + "/.verified"), "data/mnist is absent: run `make data` to include this test")
        let images = try Dataset.mnist.load(.train, from: directory).prefix(1000)
        var generator = SeededGenerator(seed: 1)
        let model = VariationalAutoencoder(using: &generator)
        let optimizer = Adam(parameters: model.namedParameters)
        var epochLosses: [Double] = []
        for epoch in 1...3 {
            var total: Double = 0
            for (step, batch) in images.shuffledBatches(size: 100, using: &generator).enumerated() {
                let loss = model.loss(Tensor(images: images, indices: batch), noise: .randomNormal([batch.count, 20], using: &generator)).total
                loss.backward()
                optimizer.update()
                try checkFinite(loss.item, epoch: epoch, step: step)
                total += Double(loss.item)
            }
            epochLosses.append(total / Double(images.count))
        }
        XCTAssertLessThan(epochLosses[2], epochLosses[0] * 0.8, "loss per image falls: \(epochLosses)")
        XCTAssertLessThan(epochLosses[2], 250, "\(epochLosses)")
    }
}
