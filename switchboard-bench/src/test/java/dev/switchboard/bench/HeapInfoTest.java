package dev.switchboard.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class HeapInfoTest {

    @Test
    void readsUsedAndCommittedFromG1() {
        HeapInfo info = HeapInfo.parse("""
                9120:
                garbage-first heap   total reserved 524288K, committed 78848K, used 22247K [0x00000000e0000000, 0x0000000100000000)
                 region size 1024K, 0 young (0K), 0 survivors (0K)
                 Metaspace       used 30000K, committed 31000K, reserved 1114112K
                """);

        assertThat(info.usedMb()).isCloseTo(22247 / 1024.0, within(1e-9));
        assertThat(info.committedMb()).isCloseTo(77.0, within(1e-9));
    }

    @Test
    void sumsGenerationsOfSerialAndParallel() {
        HeapInfo serial = HeapInfo.parse("""
                9204:
                DefNew     total 116160K, used 86138K [0x00000000e0000000, 0x00000000e7e00000, 0x00000000eaaa0000)
                 eden space 103296K,  83% used [0x00000000e0000000, 0x00000000e541e960, 0x00000000e64e0000)
                 from space 12864K,   0% used [0x00000000e64e0000, 0x00000000e64e0000, 0x00000000e7170000)
                Tenured    total 258048K, used 1166K [0x00000000eaaa0000, 0x00000000fa6a0000, 0x0000000100000000)
                 the  space 258048K,   0% used [0x00000000eaaa0000, 0x00000000eabc3ab8, 0x00000000fa6a0000)
                """);
        HeapInfo parallel = HeapInfo.parse("""
                PSYoungGen      total 113152K, used 87446K [0x00000000f5580000, 0x00000000fd380000, 0x0000000100000000)
                 eden space 97280K, 89% used [0x00000000f5580000,0x00000000faae5838,0x00000000fb480000)
                ParOldGen       total 258048K, used 1166K [0x00000000e0000000, 0x00000000efc00000, 0x00000000f5580000)
                """);

        assertThat(serial.usedMb()).isCloseTo((86138 + 1166) / 1024.0, within(1e-9));
        assertThat(serial.committedMb()).isCloseTo((116160 + 258048) / 1024.0, within(1e-9));
        assertThat(parallel.usedMb()).isCloseTo((87446 + 1166) / 1024.0, within(1e-9));
    }

    @Test
    void readsMegabytesFromZgc() {
        HeapInfo info = HeapInfo.parse("""
                9248:
                ZHeap            used 86M, capacity 378M, max capacity 512M
                 Cache           292M (1)
                """);

        assertThat(info.usedMb()).isEqualTo(86);
        assertThat(info.committedMb()).isEqualTo(378);
    }

    @Test
    void failsWithTheOutputWhenThereIsNoUsedSize() {
        assertThatThrownBy(() -> HeapInfo.parse("123:\nCould not attach\n"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Could not attach");
    }
}
