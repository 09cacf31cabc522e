package dev.parley.tenancy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

class AvatarImageTest {

    @Test
    void aLargePhotoIsScaledToFit128KeepingItsProportionsAndReEncodedAsPng() throws IOException {
        AvatarImage.Encoded encoded = AvatarImage.encode(AvatarImages.image("jpeg", 1200, 600, new Color(0x4f46e5)));

        BufferedImage result = ImageIO.read(new ByteArrayInputStream(encoded.png()));
        assertThat(result.getWidth()).isEqualTo(128);
        assertThat(result.getHeight()).isEqualTo(64);
        assertThat(encoded.png()).startsWith(0x89, 'P', 'N', 'G');
        assertThat(encoded.version()).matches("[0-9a-f]{16}");
        // the centre of the disc keeps its colour through the scaling
        Color centre = new Color(result.getRGB(64, 32));
        assertThat(Math.abs(centre.getBlue() - 0xe5)).isLessThan(24);
    }

    @Test
    void aSmallImageKeepsItsSizeAndTheSameImageGetsTheSameVersion() throws IOException {
        byte[] png = AvatarImages.png(40, 50);
        AvatarImage.Encoded once = AvatarImage.encode(png);
        BufferedImage result = ImageIO.read(new ByteArrayInputStream(once.png()));
        assertThat(result.getWidth()).isEqualTo(40);
        assertThat(result.getHeight()).isEqualTo(50);
        assertThat(AvatarImage.encode(png).version()).isEqualTo(once.version());
        assertThat(AvatarImage.encode(AvatarImages.png(41, 50)).version()).isNotEqualTo(once.version());
    }

    @Test
    void aPayloadAfterThePngEndIsNotCarriedOver() {
        AvatarImage.Encoded encoded = AvatarImage.encode(AvatarImages.pngWithHtmlTail());
        assertThat(new String(encoded.png(), StandardCharsets.ISO_8859_1)).doesNotContain("<script").doesNotContain("<html");
    }

    @Test
    void everyHostileUploadIsRefusedWithAMessageForTheAvatarField() {
        Map<byte[], String> hostile = Map.of(
                AvatarImages.svg(), AvatarImage.NOT_AN_IMAGE,
                AvatarImages.html(), AvatarImage.NOT_AN_IMAGE,
                AvatarImages.textNamedPng(), AvatarImage.NOT_AN_IMAGE,
                new byte[0], AvatarImage.NOT_AN_IMAGE,
                AvatarImages.truncatedPng(), AvatarImage.UNREADABLE,
                AvatarImages.pngClaiming(20_000, 20_000), AvatarImage.TOO_MANY_PIXELS,
                AvatarImages.pngClaiming(4097, 16), AvatarImage.TOO_MANY_PIXELS,
                AvatarImages.overOneMegabyte(), AvatarImage.TOO_LARGE);
        hostile.forEach((bytes, message) -> assertThatThrownBy(() -> AvatarImage.encode(bytes))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.fieldErrors()).containsExactly(Map.entry("avatar", message))));
    }

    @Test
    void anOversizedStreamIsCutOffOneBytePastTheLimit() {
        var stream = new ByteArrayInputStream(new byte[5 * 1024 * 1024]);
        assertThatThrownBy(() -> AvatarImage.readBounded(stream)).hasMessageContaining("larger than 1 MB");
        assertThat(stream.available()).isEqualTo(5 * 1024 * 1024 - AvatarImage.MAX_UPLOAD_BYTES - 1);
    }
}
