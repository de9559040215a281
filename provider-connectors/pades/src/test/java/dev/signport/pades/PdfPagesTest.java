package dev.signport.pades;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/** Page sizes, page images and anchor search on ordinary documents, and a compression bomb refused with bounded work. */
class PdfPagesTest {

    @Test
    void rendersAPageAndFindsAnchorText() throws Exception {
        try (PdfPages pages = PdfPages.open(TestPdfs.contract(2), Limits.DEFAULT, PdfPages.Budget.DEFAULT)) {
            assertEquals(2, pages.count());
            assertEquals(595.0, pages.size(1).width(), 1.0);
            assertEquals(842.0, pages.size(1).height(), 1.0);

            byte[] png = pages.renderPng(2, 96, 1600);
            BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
            assertEquals(Math.round(595 * 96 / 72.0), image.getWidth(), 2);

            List<PdfPages.AnchorHit> hits = pages.find("page 2 of 2");
            assertEquals(1, hits.size(), hits.toString());
            PdfPages.AnchorHit hit = hits.get(0);
            assertEquals(2, hit.page());
            // The heading is drawn at 770 pt from the bottom: about 72 pt from the top, right of the left margin.
            assertTrue(hit.x() > 72 && hit.x() < 300, hit.toString());
            assertTrue(hit.y() > 50 && hit.y() < 80, hit.toString());
            assertTrue(pages.find("no such text anywhere").isEmpty());
        }
    }

    @Test
    void aCompressionBombIsRefusedBeforeItIsDecoded() {
        byte[] bomb = CompressionBombTest.bombPdf();
        long started = System.nanoTime();
        try (PdfPages pages = PdfPages.open(bomb, Limits.DEFAULT, PdfPages.Budget.DEFAULT)) {
            DocumentRejectedException render = assertThrows(DocumentRejectedException.class,
                    () -> pages.renderPng(1, 96, 1600));
            assertTrue(render.getMessage().contains("compression bomb"), render.getMessage());
            DocumentRejectedException find = assertThrows(DocumentRejectedException.class, () -> pages.find("x"));
            assertTrue(find.getMessage().contains("page 1"), find.getMessage());
        }
        System.out.printf("compression bomb refused for rendering and anchor search in %d ms%n",
                (System.nanoTime() - started) / 1_000_000);
    }
}
